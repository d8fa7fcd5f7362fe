"""Who belongs where: the one home of "is a member of this organisation" and "is an active
regulator". Services check permissions with these, selectors filter with them, views hand
templates `can_*` flags computed from them."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Membership, Regulator


def is_member(user, organisation_id, *, admin=False) -> bool:
    """True if `user` belongs to the organisation (as an admin, when `admin`)."""
    if user is None or not user.is_authenticated or organisation_id is None:
        return False
    memberships = Membership.objects.filter(user=user, organisation_id=organisation_id)
    if admin:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    return memberships.exists()


def member_q(user, prefix="") -> Q:
    """Rows whose organisation (reached through `prefix`, e.g. "agency__") has `user` as a member."""
    return Q(**{f"{prefix}memberships__user": user})


def is_active_regulator(user) -> bool:
    """True if `user` is a regulator on duty (the reverse one-to-one is cached on the user)."""
    if user is None or not user.is_authenticated:
        return False
    try:
        return user.regulator.is_active
    except Regulator.DoesNotExist:
        return False


def regulator_for(user, *, prefetch=()):
    """The user's active regulator record with its department, or PermissionDenied. Apps that
    keep more about regulators name what to prefetch (the catalogue: "categories")."""
    if not is_active_regulator(user):
        raise PermissionDenied
    return (Regulator.objects.select_related("department__region").prefetch_related(*prefetch)
            .get(user=user))


def may_read_certificates(user, agency_id) -> bool:
    """Certificate scans are private: only the agency's own members and active regulators."""
    return is_active_regulator(user) or is_member(user, agency_id)


def active_regulator_users():
    """Every regulator on duty, as users (the recipients of a notice to regulators)."""
    from accounts.models import User

    return User.objects.filter(regulator__is_active=True, is_active=True).order_by("pk")


def members_of(organisation_ids):
    """The users of the given organisations, each once (the recipients of a notice)."""
    from accounts.models import User

    return list(User.objects.filter(memberships__organisation_id__in=list(organisation_ids)).distinct())


def member_groups(organisation_ids):
    """Members grouped by organisation, so one organisation's notice never carries another's
    addresses."""
    groups = {}
    memberships = Membership.objects.filter(organisation_id__in=list(organisation_ids)).select_related("user")
    for membership in memberships.order_by("organisation_id", "user_id"):
        groups.setdefault(membership.organisation_id, []).append(membership.user)
    return list(groups.values())


def admins_of(organisation_id):
    """The organisation's admins, as users (the recipients of a notice to the organisation's
    admins)."""
    from accounts.models import User

    return list(User.objects.filter(memberships__organisation_id=organisation_id,
                                    memberships__role=Membership.Role.ADMIN).order_by("pk"))


# --- the regulator's scope (监管范围) ---------------------------------------------------------
# "A regulator sees what their department supervises" is one rule, kept by the catalogue
# (marketplace.selectors.scope.scope_of), which sits above providers. marketplace hands the rule
# down at start-up (MarketplaceConfig.ready), so providers' regulator pages filter by the same
# RegulatorScope without importing upwards.
_scope_rule = None


def provide_scope_rule(rule):
    """Register `rule(regulator) -> RegulatorScope` (marketplace.selectors.scope.scope_of)."""
    global _scope_rule
    _scope_rule = rule


def regulator_scope(user):
    """The RegulatorScope of the user's active regulator record, or PermissionDenied."""
    regulator = regulator_for(user)
    if _scope_rule is None:  # marketplace not installed: nothing is in anyone's scope
        raise PermissionDenied
    return _scope_rule(regulator)
