"""The statistics part of the oversight demo (core/demo/oversight.py)."""


def seed(seeder):
    pass
