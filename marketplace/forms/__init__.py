"""The forms of marketplace's pages; they parse input, the services judge it.

- `catalogue`: the regulator's catalogue items, change information and categories;
- `fees`: the regulator's fee-rule editor and the public fee calculator;
- `offers`: an agency's offered items with their three commitments.
"""
