"""What each part of the app adds to the others at start-up: menu links (core/navigation.py) and
the listener that updates credit after each event (reviews/credit/triggers.py). Called once from
ReviewsConfig.ready()."""


def connect():
    for part in (_reviews, _credit, _blacklist):
        part()


def _reviews():
    """The two-way reviews' links (workspace and regulator menus)."""


def _credit():
    """The credit part's links and the listener that recomputes scores after events."""


def _blacklist():
    """The blacklist and repair links."""
