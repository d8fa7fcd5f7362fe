"""Oversight's demo (issue 11): complaints in every state, an inspection campaign with published
results, and the statistics summary refreshed over the demo jobs' year of history. Each part
lives in its own module and exposes `seed(seeder)`; they run after the jobs and credit steps."""


def seed(seeder):
    from . import complaints, inspections, statistics

    for part in (complaints, inspections, statistics):
        part.seed(seeder)
