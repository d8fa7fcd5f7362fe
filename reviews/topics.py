"""What a change to reviews' data touches on the public pages (core/changes.py).

"credit" is every public credit page (/credit/, the blacklist, the red list, the directory's
grades); "org:<id>" the pages about that organisation (its profile with its credit record)."""
from .models import (
    BlacklistEntry,
    CreditAction,
    CreditPeriod,
    CreditRepair,
    DepartmentRating,
    GradeChange,
    Review,
    ReviewAppeal,
    RuleSet,
)


def topics_of(obj):
    if isinstance(obj, RuleSet):
        return {"credit", "agencies"}
    if isinstance(obj, (BlacklistEntry, CreditRepair)):
        entry = obj if isinstance(obj, BlacklistEntry) else obj.entry
        return {"credit", "agencies", f"org:{entry.agency_id}"}
    if isinstance(obj, Review):
        return {"credit", f"org:{obj.rated_id}", f"org:{obj.reviewer_id}"}
    if isinstance(obj, ReviewAppeal):
        return {"credit", f"org:{obj.organisation_id}"}
    if isinstance(obj, (CreditAction, CreditPeriod, GradeChange)):
        return {"credit", "agencies", f"org:{obj.organisation_id}"}
    if isinstance(obj, DepartmentRating):
        return {"credit", f"org:{obj.agency_id}"}
    return set()
