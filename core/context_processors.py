"""What every page's header needs: the user's organisations and roles, computed once."""
from .notifications import unread_count


def site_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_orgs": [], "nav_is_regulator": False}
    memberships = list(user.memberships.select_related("organisation").order_by("organisation__name"))
    regulator = getattr(user, "regulator", None) if hasattr(user, "regulator") else None
    return {
        "nav_memberships": memberships,
        "nav_is_regulator": bool(regulator and regulator.is_active),
        "nav_unread": unread_count(user),
    }
