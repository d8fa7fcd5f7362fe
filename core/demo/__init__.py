"""Demo data for `manage.py seed_demo`: realistic, fixed content and a seeded generator."""
