"""Writes to what an agency offers: the catalogue items it serves, each with its three public
commitments (三承诺): service days, fee quote and service standard."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from audit.actions import Action
from audit.services import audit_record, snapshot
from providers.access import is_member
from providers.models import Organisation

from .. import errors
from ..models import AgencyService, ServiceItem

COMMITMENT_FIELDS = ("service_days", "fee_quote", "service_standard")


def _check_member(actor, agency):
    if agency.kind != Organisation.Kind.AGENCY:
        raise errors.NotAnAgency()
    if not is_member(actor, agency.pk):
        raise errors.NotAMember()


def _check_commitments(item, service_days, fee_quote, service_standard):
    if not isinstance(service_days, int) or service_days <= 0:
        raise errors.ServiceDaysInvalid(field="service_days")
    if service_days > item.statutory_days:
        raise errors.DaysAboveStatutoryLimit(
            _("承诺服务时限不得超过该事项的法定时限 %(limit)s 个工作日。") % {"limit": item.statutory_days},
            field="service_days",
        )
    if not (fee_quote or "").strip():
        raise errors.FeeQuoteRequired(field="fee_quote")
    if not (service_standard or "").strip():
        raise errors.ServiceStandardRequired(field="service_standard")


def _summary(offer):
    return {"item": offer.item.code, **snapshot(offer, COMMITMENT_FIELDS)}


@transaction.atomic
def offer_add(*, actor, agency, item, service_days, fee_quote, service_standard):
    """The agency starts offering `item` with its three commitments."""
    _check_member(actor, agency)
    item = ServiceItem.objects.get(pk=item.pk)
    if not item.is_active:
        raise errors.ItemNotListed(field="item")
    _check_commitments(item, service_days, fee_quote, service_standard)
    if AgencyService.objects.filter(agency=agency, item=item).exists():
        raise errors.DuplicateOffer(field="item")
    try:
        with transaction.atomic():
            offer = AgencyService.objects.create(
                agency=agency, item=item, service_days=service_days,
                fee_quote=fee_quote.strip(), service_standard=service_standard.strip(),
            )
    except IntegrityError:
        # Two members added the same item at once: the unique constraint kept one.
        raise errors.DuplicateOffer(field="item") from None
    audit_record(actor=actor, action=Action.AGENCY_OFFER_ADD, obj=offer, after=_summary(offer))
    return offer


@transaction.atomic
def offer_update(*, actor, agency, offer, service_days, fee_quote, service_standard):
    """Change the three commitments of one offered item."""
    _check_member(actor, agency)
    offer = AgencyService.objects.select_for_update().select_related("item").get(pk=offer.pk)
    if offer.agency_id != agency.pk:
        raise errors.OfferNotOfAgency()
    _check_commitments(offer.item, service_days, fee_quote, service_standard)
    before = _summary(offer)
    offer.service_days = service_days
    offer.fee_quote = fee_quote.strip()
    offer.service_standard = service_standard.strip()
    offer.save(update_fields=[*COMMITMENT_FIELDS, "updated_at"])
    audit_record(actor=actor, action=Action.AGENCY_OFFER_UPDATE, obj=offer, before=before, after=_summary(offer))
    return offer


@transaction.atomic
def offer_remove(*, actor, agency, offer):
    """The agency stops offering an item."""
    _check_member(actor, agency)
    offer = AgencyService.objects.select_for_update().select_related("item").get(pk=offer.pk)
    if offer.agency_id != agency.pk:
        raise errors.OfferNotOfAgency()
    before = _summary(offer)
    audit_record(actor=actor, action=Action.AGENCY_OFFER_REMOVE, obj=offer, before=before)
    offer.delete()
