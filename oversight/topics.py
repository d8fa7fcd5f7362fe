"""What a change to oversight's data touches on the public pages (core/changes.py): the public
complaint outcomes, the inspection results, the statistics summary, and the pages about the
organisation concerned."""
from .models import Complaint, InspectionCampaign, InspectionFinding, StatsMonth


def topics_of(obj):
    if isinstance(obj, Complaint):
        orgs = {f"org:{org_id}" for org_id in (obj.agency_id, obj.owner_id) if org_id}
        return {"complaints", *orgs}
    if isinstance(obj, InspectionCampaign):
        return {"inspections"}
    if isinstance(obj, InspectionFinding):
        return {"inspections", "credit", f"org:{obj.agency_id}"}
    if isinstance(obj, StatsMonth):
        return {"statistics"}
    return set()
