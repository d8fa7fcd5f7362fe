"""Inspections pages (oversight). Paths are listed at the bottom, joined in oversight/urls.py."""

public_urls = []
regulator_urls = []
files_urls = []
