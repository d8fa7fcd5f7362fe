"""What a change to providers' data touches on the public pages (core/changes.py).

"agencies" is every list that shows organisations (the directory, the catalogue item's list of
agencies, the home page); "org:<id>" every page about that one (its profile, the notices that
name it)."""
from .models import Organisation


def topics_of(obj):
    if isinstance(obj, Organisation):
        return {"agencies", f"org:{obj.pk}"}
    org_id = getattr(obj, "agency_id", None) or getattr(obj, "organisation_id", None)
    if org_id is not None:
        return {"agencies", f"org:{org_id}"}
    # Regions, departments, qualification types: names shown beside items and agencies alike.
    return {"agencies", "catalogue"}
