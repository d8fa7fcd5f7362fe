"""What the regulator workspace's queues (core.navigation.Queue) read from providers: the
agencies a department oversees, the certificates waiting for a check and those about to expire.

Every function takes a RegulatorScope (marketplace.selectors.scope; providers.access.regulator_scope
gives one for a user) and filters with its own `q()`, so the rule stays in one place; each count is
one query.
"""
import datetime

from django.db.models import Q
from django.utils import timezone

from ..models import Certificate, Organisation
from .certificates import expiry_warning_days


def agencies_in_scope(scope):
    """The agencies a department oversees, as a subquery of primary keys: registered in its
    region and offering an item of a category it supervises (an operator: every agency of its
    region). A subquery, so callers filter with `agency__in=` and get no duplicate rows."""
    return (Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
            .filter(scope.q(category="services__item__category", region="region__code"))
            .values("pk"))


def certificates_in_scope(scope):
    return (Certificate.objects.filter(agency__in=agencies_in_scope(scope))
            .select_related("agency__region", "qualification"))


def certificates_to_verify(scope):
    """Certificates waiting for a regulator's check, oldest first."""
    return certificates_in_scope(scope).filter(verified_at__isnull=True).order_by("created_at", "pk")


def certificates_expiring(scope, *, today=None, days=None):
    """Certificates that expire within the warning period (CERTIFICATE_EXPIRY_WARNING_DAYS) or
    already have — as an agency's own list counts them — the first to expire first."""
    today = today or timezone.localdate()
    days = days if days is not None else expiry_warning_days()
    return (certificates_in_scope(scope).filter(valid_until__lte=today + datetime.timedelta(days=days))
            .order_by("valid_until", "pk"))


def expired_q(today=None):
    return Q(valid_until__lt=today or timezone.localdate())


def count_to_verify(scope):
    return certificates_to_verify(scope).count()


def count_expiring(scope):
    return certificates_expiring(scope).count()


def count_expired(scope):
    """The urgent part of the expiring queue: certificates already past their end."""
    return certificates_expiring(scope).filter(expired_q()).count()
