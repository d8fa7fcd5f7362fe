"""The complaints part of oversight's wiring (oversight/wiring.py): its menu links and workspace queues."""


def connect():
    pass
