"""What the regulator workspace's queues (core.navigation.Queue) read from reviews, each within a
RegulatorScope (marketplace.selectors.scope: what the regulator's department supervises) and
each counted with one query:

- blacklist proposals waiting for a second regulator (four eyes: never the viewer's own);
- credit repair applications waiting for a decision;
- review appeals waiting for a decision.

An entry or a repair belongs to its agency's place (providers.selectors.queues.agencies_in_scope);
an appeal to its contract's job (the item's category, the owner's region).
"""
from providers.selectors.queues import agencies_in_scope

from ..models import BlacklistEntry, CreditRepair, ReviewAppeal

APPEAL_PATHS = {"category": "review__contract__job__item__category",
                "region": "review__contract__job__owner__region__code"}


def blacklist_waiting(scope):
    """Proposals waiting for a second regulator within the scope, not proposed by the viewer."""
    return (BlacklistEntry.objects.filter(status=BlacklistEntry.Status.PROPOSED, agency__in=agencies_in_scope(scope))
            .exclude(proposed_by_id=scope.user_id))


def repairs_in_scope(scope):
    return CreditRepair.objects.filter(entry__agency__in=agencies_in_scope(scope))


def appeals_in_scope(scope):
    return ReviewAppeal.objects.filter(scope.q(**APPEAL_PATHS))


def count_blacklist_waiting(scope):
    return blacklist_waiting(scope).count()


def count_repairs_pending(scope):
    return repairs_in_scope(scope).filter(status=CreditRepair.Status.PENDING).count()


def count_appeals_open(scope):
    return appeals_in_scope(scope).filter(status=ReviewAppeal.Status.OPEN).count()
