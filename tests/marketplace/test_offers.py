"""offer_add / offer_update / offer_remove: an agency's items and their three commitments.

Each refusal names its error, shows its message and writes nothing: no offer changed, no audit
entry."""
import pytest
from django.db import IntegrityError, transaction

from audit.actions import Action
from audit.models import AuditEntry
from marketplace import errors
from marketplace.models import AgencyService
from marketplace.services.offers import offer_add, offer_remove, offer_update
from tests.factories import AgencyServiceFactory, MembershipFactory, OwnerFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

COMMITMENTS = {"service_days": 20, "fee_quote": "按收费标准下浮10%", "service_standard": "一次性告知，限时办结"}


def add(member, item, **changes):
    return offer_add(actor=member.user, agency=member.organisation, item=item, **{**COMMITMENTS, **changes})


def _written():
    """What a refusal must leave as it was: the offers with their commitments, and the audit log."""
    offers = list(AgencyService.objects.order_by("pk").values_list(
        "pk", "agency_id", "item_id", "service_days", "fee_quote", "service_standard"))
    return offers, AuditEntry.objects.count()


def test_promised_days_above_the_statutory_limit_are_refused_quoting_the_limit(member, item):
    with pytest.raises(errors.DaysAboveStatutoryLimit) as refused:
        add(member, item, service_days=31)

    assert refused.value.field == "service_days"
    assert str(refused.value) == "承诺服务时限不得超过该事项的法定时限 30 个工作日。"
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_item_already_offered_is_refused(member, item):
    add(member, item)
    before = _written()

    with pytest.raises(errors.DuplicateOffer) as refused:
        add(member, item, service_days=10)

    assert refused.value.field == "item"
    assert str(refused.value) == "本机构已提供该事项，请修改原有的承诺。"
    assert _written() == before
    assert AgencyService.objects.get().service_days == 20


def test_the_database_refuses_a_duplicate_offer_that_slips_past_the_check(member, item):
    add(member, item)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyService.objects.create(agency=member.organisation, item=item, **COMMITMENTS)


def test_a_member_of_another_agency_cannot_add(member, item):
    stranger = MembershipFactory()

    with pytest.raises(errors.NotAMember) as refused:
        offer_add(actor=stranger.user, agency=member.organisation, item=item, **COMMITMENTS)

    assert str(refused.value) == "您不是该机构的成员。"
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_member_of_another_agency_cannot_change_or_remove(member, item):
    stranger = MembershipFactory()
    offer = add(member, item)
    before = _written()

    with pytest.raises(errors.NotAMember) as refused_change:
        offer_update(actor=stranger.user, agency=member.organisation, offer=offer,
                     **{**COMMITMENTS, "service_days": 5})
    with pytest.raises(errors.NotAMember) as refused_removal:
        offer_remove(actor=stranger.user, agency=member.organisation, offer=offer)

    assert str(refused_change.value) == str(refused_removal.value) == "您不是该机构的成员。"
    assert _written() == before


def test_an_owner_organisation_offers_nothing(item):
    owner_member = MembershipFactory(organisation=OwnerFactory())

    with pytest.raises(errors.NotAnAgency) as refused:
        add(owner_member, item)

    assert str(refused.value) == "只有中介机构可以提供服务事项。"
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_item_outside_the_catalogue_cannot_be_offered(member):
    withdrawn = ServiceItemFactory(is_active=False)

    with pytest.raises(errors.ItemNotListed) as refused:
        add(member, withdrawn)

    assert refused.value.field == "item"
    assert str(refused.value) == "该事项不在现行清单内，不能提供。"
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("field,error,message", [
    ("fee_quote", errors.FeeQuoteRequired, "请填写收费承诺。"),
    ("service_standard", errors.ServiceStandardRequired, "请填写服务标准承诺。"),
])
def test_every_commitment_is_required(member, item, field, error, message):
    with pytest.raises(error) as refused:
        add(member, item, **{field: "  "})

    assert refused.value.field == field
    assert str(refused.value) == message
    assert not AgencyService.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_change_above_the_statutory_limit_keeps_the_commitments(member, item):
    offer = add(member, item)
    before = _written()

    with pytest.raises(errors.DaysAboveStatutoryLimit) as refused:
        offer_update(actor=member.user, agency=member.organisation, offer=offer,
                     service_days=45, fee_quote="x", service_standard="y")

    assert str(refused.value) == "承诺服务时限不得超过该事项的法定时限 30 个工作日。"
    assert _written() == before


def test_a_member_adds_edits_and_removes_an_offer_each_with_an_audit_entry(member, item):
    offer = add(member, item)
    assert (offer.service_days, offer.fee_quote) == (20, "按收费标准下浮10%")

    offer_update(actor=member.user, agency=member.organisation, offer=offer,
                 service_days=15, fee_quote="按收费标准下浮20%", service_standard="限时办结")
    offer.refresh_from_db()
    assert (offer.service_days, offer.fee_quote, offer.service_standard) == (15, "按收费标准下浮20%", "限时办结")

    offer_remove(actor=member.user, agency=member.organisation, offer=offer)
    assert not AgencyService.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        Action.AGENCY_OFFER_ADD, Action.AGENCY_OFFER_UPDATE, Action.AGENCY_OFFER_REMOVE,
    ]
    update = AuditEntry.objects.get(action=Action.AGENCY_OFFER_UPDATE)
    assert (update.before["service_days"], update.after["service_days"]) == (20, 15)


def test_an_offer_of_another_agency_cannot_be_changed_through_ones_own_agency(member, item):
    foreign = AgencyServiceFactory(item=item)
    before = _written()

    with pytest.raises(errors.OfferNotOfAgency) as refused:
        offer_update(actor=member.user, agency=member.organisation, offer=foreign,
                     **{**COMMITMENTS, "service_days": 5})

    assert str(refused.value) == "该服务承诺不属于本机构。"
    assert _written() == before
