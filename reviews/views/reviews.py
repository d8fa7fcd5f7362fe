"""Pages of the reviews part. Its URLs are the lists at the end of this module (reviews/urls.py
mounts them)."""

workspace_urls = []
regulator_urls = []
files_urls = []
