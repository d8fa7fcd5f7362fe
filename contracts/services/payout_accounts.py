"""An agency's Stripe connected account, where the money of its accepted milestones goes (Stripe
Connect, Express). An admin of the agency opens it once and completes Stripe's onboarding on
Stripe's own pages; payouts waiting for it are sent by `advance_contracts` once it exists."""
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.services import audit_record
from providers.access import is_member

from ..errors import AgencyOnly, ConnectOff
from ..models import PayoutAccount
from ..payments import gateway


def connect_enabled() -> bool:
    return getattr(settings, "STRIPE_CONNECT", False)


@transaction.atomic
def payout_account_open(*, actor, agency, refresh_url, return_url):
    """Create the agency's connected account if it has none; returns the address of Stripe's
    onboarding page for it."""
    if not connect_enabled():
        raise ConnectOff()
    if agency.kind != agency.Kind.AGENCY or not is_member(actor, agency.pk, admin=True):
        raise AgencyOnly()
    account = PayoutAccount.objects.select_for_update().filter(organisation=agency).first()
    if account is None:
        account_id = gateway.create_connected_account(email=agency.contact_email, business_name=agency.name,
                                                      idempotency_key=f"payout-account-{agency.pk}")
        try:
            with transaction.atomic():
                account = PayoutAccount.objects.create(organisation=agency, stripe_account_id=account_id,
                                                       created_at=timezone.now())
        except IntegrityError:
            account = PayoutAccount.objects.get(organisation=agency)
        audit_record(actor=actor, action=Action.PAYOUT_ACCOUNT_LINK, obj=agency, after={"account": account_id})
    return gateway.account_onboarding_link(account.stripe_account_id, refresh_url, return_url)
