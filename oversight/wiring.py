"""What each part of the app adds to the others at start-up: menu links (core/navigation.py), the
regulator workspace's queues (core/navigation.add_queue) and named pages. Called once from
OversightConfig.ready(); each part keeps its own in wiring_<part>.py."""


def connect():
    from . import wiring_complaints, wiring_inspections, wiring_statistics

    for part in (wiring_complaints, wiring_inspections, wiring_statistics):
        part.connect()
