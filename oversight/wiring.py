"""What each part of the app adds to the others at start-up: menu links (core/navigation.py), the
regulator workspace's queues (core/navigation.add_queue) and named pages. Called once from
OversightConfig.ready(). Each part (complaints, inspections, statistics) adds its own here."""


def connect():
    for part in (_complaints, _inspections, _statistics):
        part()


def _complaints():
    pass


def _inspections():
    pass


def _statistics():
    pass
