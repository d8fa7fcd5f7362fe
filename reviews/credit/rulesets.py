"""The credit rule set in force: the newest version (reviews.models.RuleSet). Versions are never
changed; a new one is in force from its save, for every computation after it."""
from ..models import RuleSet


def current_ruleset() -> RuleSet:
    """The newest rule set version (migration 0002 ships version 1, so there always is one)."""
    return RuleSet.objects.order_by("-version").first()


def current_rules() -> dict:
    return current_ruleset().rules
