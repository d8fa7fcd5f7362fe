"""What each part of the app adds to the others at start-up: menu links (core/navigation.py) and
the listener that updates credit after each event (reviews/credit/triggers.py). Called once from
ReviewsConfig.ready()."""


def connect():
    from . import wiring_queues

    for part in (_reviews, _credit, _blacklist, wiring_queues.connect):
        part()


def _reviews():
    """The two-way reviews' links (workspace and regulator menus), the named page of a contract's
    reviews (`page_url("contract_review", contract.pk)`, for the contract's page, which cannot
    link upwards), and the listener that tells both sides when a contract's reviews open: the
    first JOB_DELIVER audit entry of its job (contracts/services/delivery.py sets
    Contract.deliverables_filed_at then)."""
    from django.db.models.signals import post_save
    from django.utils.translation import gettext_lazy as _

    from audit.models import AuditEntry
    from core import navigation

    for kind in ("owner", "agency"):
        navigation.add_link(kind, navigation.Link(_("双向评价"), "reviews:reviews", order=55, org="query"))
    navigation.add_link("regulator", navigation.Link(_("评价申诉"), "reviews_regulator:appeals", order=60,
                                                     visible=_regulators))
    navigation.provide_page("contract_review", _contract_review_url)
    post_save.connect(_reviews_opened, sender=AuditEntry, dispatch_uid="reviews.reviews_opened")


def _regulators(request):
    from providers.access import is_active_regulator

    return is_active_regulator(request.user)


def _contract_review_url(contract_id):
    from django.urls import reverse

    return reverse("reviews:review", args=[contract_id])


def _reviews_opened(sender, instance, created, raw=False, **kwargs):
    from audit.actions import Action

    if created and not raw and instance.action == Action.JOB_DELIVER.value:
        from .services.reviews import reviews_opened

        reviews_opened(instance)


def _credit():
    """The credit part's links (the rule set and the credit records in the regulator menu) and
    the listener that recomputes scores after events (reviews/credit/triggers.py)."""
    from django.db.models.signals import post_save
    from django.utils.translation import gettext_lazy as _

    from audit.models import AuditEntry
    from core import navigation

    from .credit import triggers

    for label, url, order in ((_("信用评价规则"), "reviews_regulator:credit_rules", 62),
                              (_("信用记录"), "reviews_regulator:credit_actions", 63),
                              (_("审批部门评价"), "reviews_regulator:department_ratings", 66)):
        navigation.add_link("regulator", navigation.Link(label, url, order=order, visible=_regulators))
    post_save.connect(triggers.audit_entry_saved, sender=AuditEntry, dispatch_uid="reviews.credit_trigger")


def _blacklist():
    """The blacklist and repair links: the regulator menu (with the number of proposals waiting
    for the viewer), the agency's workspace, and the named page for proposing a blacklisting of an
    agency (`page_url("blacklist_propose", agency.pk)`, for providers' standing page, which
    cannot link upwards)."""
    from django.utils.translation import gettext_lazy as _

    from core import navigation

    navigation.add_link("regulator", navigation.Link(_("黑名单"), "reviews_regulator:blacklist", order=64,
                                                     visible=_regulators, badge=_blacklist_waiting))
    navigation.add_link("regulator", navigation.Link(_("信用修复"), "reviews_regulator:repair_list", order=65,
                                                     visible=_regulators, badge=_repairs_waiting))
    navigation.add_link("agency", navigation.Link(_("黑名单与信用修复"), "reviews:agency_blacklist", order=58,
                                                  org="query"))
    navigation.provide_page("blacklist_propose", _blacklist_propose_url)


def _blacklist_waiting(request):
    from .selectors.blacklist import waiting_count_for

    return waiting_count_for(request.user) or None


def _repairs_waiting(request):
    from .models import CreditRepair

    return CreditRepair.objects.filter(status=CreditRepair.Status.PENDING).count() or None


def _blacklist_propose_url(agency_id):
    from django.urls import reverse

    return reverse("reviews_regulator:blacklist_new") + f"?agency={agency_id}"
