"""offer_add / offer_update / offer_remove: an agency's items and their three commitments."""
import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from core.errors import DomainError, NotAllowed
from marketplace.models import AgencyService
from marketplace.services.offers import offer_add, offer_remove, offer_update
from tests.factories import AgencyServiceFactory, MembershipFactory, OwnerFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

COMMITMENTS = {"service_days": 20, "fee_quote": "按收费标准下浮10%", "service_standard": "一次性告知，限时办结"}


def add(member, item, **changes):
    return offer_add(actor=member.user, agency=member.organisation, item=item, **{**COMMITMENTS, **changes})


def test_promised_days_above_the_statutory_limit_are_refused_quoting_the_limit(member, item):
    with pytest.raises(DomainError) as refused:
        add(member, item, service_days=31)
    assert refused.value.field == "service_days"
    assert str(refused.value) == "承诺服务时限不得超过该事项的法定时限 30 个工作日。"
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_item_already_offered_is_refused(member, item):
    add(member, item)
    with pytest.raises(DomainError, match="本机构已提供该事项") as refused:
        add(member, item, service_days=10)
    assert refused.value.field == "item"
    assert AgencyService.objects.get().service_days == 20


def test_the_database_refuses_a_duplicate_offer_that_slips_past_the_check(member, item):
    add(member, item)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyService.objects.create(agency=member.organisation, item=item, **COMMITMENTS)


def test_a_member_of_another_agency_cannot_add_or_change(member, item):
    stranger = MembershipFactory()
    with pytest.raises(NotAllowed):
        offer_add(actor=stranger.user, agency=member.organisation, item=item, **COMMITMENTS)
    offer = add(member, item)
    with pytest.raises(NotAllowed):
        offer_update(actor=stranger.user, agency=member.organisation, offer=offer, **COMMITMENTS)
    with pytest.raises(NotAllowed):
        offer_remove(actor=stranger.user, agency=member.organisation, offer=offer)
    assert AgencyService.objects.count() == 1


def test_an_owner_organisation_offers_nothing(item):
    owner_member = MembershipFactory(organisation=OwnerFactory())
    with pytest.raises(NotAllowed):
        add(owner_member, item)


def test_an_item_outside_the_catalogue_cannot_be_offered(member):
    withdrawn = ServiceItemFactory(is_active=False)
    with pytest.raises(DomainError) as refused:
        add(member, withdrawn)
    assert refused.value.field == "item"


@pytest.mark.parametrize("field", ["fee_quote", "service_standard"])
def test_every_commitment_is_required(member, item, field):
    with pytest.raises(DomainError) as refused:
        add(member, item, **{field: "  "})
    assert refused.value.field == field
    assert not AgencyService.objects.exists()


def test_a_member_adds_edits_and_removes_an_offer_each_with_an_audit_entry(member, item):
    offer = add(member, item)
    assert (offer.service_days, offer.fee_quote) == (20, "按收费标准下浮10%")

    offer_update(actor=member.user, agency=member.organisation, offer=offer,
                 service_days=15, fee_quote="按收费标准下浮20%", service_standard="限时办结")
    offer.refresh_from_db()
    assert (offer.service_days, offer.fee_quote, offer.service_standard) == (15, "按收费标准下浮20%", "限时办结")

    with pytest.raises(DomainError):
        offer_update(actor=member.user, agency=member.organisation, offer=offer,
                     service_days=45, fee_quote="x", service_standard="y")

    offer_remove(actor=member.user, agency=member.organisation, offer=offer)
    assert not AgencyService.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "agency.offer_add", "agency.offer_update", "agency.offer_remove"
    ]
    update = AuditEntry.objects.get(action="agency.offer_update")
    assert (update.before["service_days"], update.after["service_days"]) == (20, 15)


def test_an_offer_of_another_agency_cannot_be_changed_through_ones_own_agency(member, item):
    foreign = AgencyServiceFactory(item=item)
    with pytest.raises(NotAllowed):
        offer_update(actor=member.user, agency=member.organisation, offer=foreign, **COMMITMENTS)
