"""What a change to marketplace's data touches on the public pages (core/changes.py).

"catalogue" is every page showing items, categories or fee rules; an agency's offer of an item
("offers") shows on the item's list of agencies and on the agency's own profile."""
from .models import AgencyCapacity, AgencyService


def topics_of(obj):
    if isinstance(obj, AgencyService):
        return {"offers", f"org:{obj.agency_id}"}
    if isinstance(obj, AgencyCapacity):  # shown on the agency's own page only
        return {f"org:{obj.agency_id}"}
    return {"catalogue"}
