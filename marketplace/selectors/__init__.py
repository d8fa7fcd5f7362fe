"""Every read of marketplace that more than one caller needs; selectors never write.

- `catalogue`: the catalogue's items, categories and their public history;
- `versions`: the catalogue as in force on a day, scheduled versions, the fee rules' history;
- `regulators`: who may act as a regulator, and on which part of the catalogue;
- `directory`: the public directory of agencies and what each offers;
- `offers`: an agency's own offered items, for its members.
"""
