"""Wagtail page types of the public site. Filled in by the cms work."""
