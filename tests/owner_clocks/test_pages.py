"""The owner's public record (/agencies/owners/<uscc>/), who may open the new pages, and refusals
that leave the owner's steps as they were."""
import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from contracts.errors import AgencyOnly, OwnerOnly, RejectionReasonRequired
from contracts.models import Contract, OwnerStep
from contracts.services import delivery, payments
from core.navigation import page_url
from reviews.models import Review
from tests.factories import RegulatorFactory
from tests.factories.reviews import ReviewFactory

from .conftest import at
from .test_clocks import pdf, signed_on_2_march, step

pytestmark = pytest.mark.django_db
K = OwnerStep.Kind


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def late_payment_scene(scene):
    """Milestone 1 delivered Tue 3, accepted Wed 4, its payment due end of Mon 9 and not paid."""
    contract = signed_on_2_march(scene)
    first = contract.milestones.order_by("number").first()
    with time_machine.travel(at(3), tick=False):
        d1 = delivery.delivery_submit(actor=scene.agency_user, milestone=first, note="", files=[pdf()])
    with time_machine.travel(at(4), tick=False):
        delivery.delivery_accept(actor=scene.owner_user, delivery=d1)
    return contract, first


def test_the_owner_public_record_shows_step_times_delays_and_review_timing(scene, short_clocks, home):
    contract, first = late_payment_scene(scene)
    # The owner reviewed the agency 3 days after the reviews opened; the window has closed.
    Contract.objects.filter(pk=contract.pk).update(deliverables_filed_at=at(3))
    ReviewFactory(contract=contract, direction=Review.Direction.OWNER_TO_AGENCY, submitted_at=at(6))
    url = page_url("owner_record", scene.job.owner.uscc)
    assert url == f"/agencies/owners/{scene.job.owner.uscc}/"
    with time_machine.travel(at(31), tick=False):  # Tue 31 March: the payment is 16 working days late
        page = Client().get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert scene.job.owner.name in html and "业主办理用时（双向计时）" in html
    # Late: Tue 10 … Tue 31 March = 16 working days (10–13: 4, 16–20: 5, 23–27: 5, 30–31: 2).
    assert '<td class="num">16</td>' in html and scene.job.title in html and "已逾期，办理中" in html
    assert "3.0（自然日）" in html  # the review, 3 days after the window opened
    # The public job page links the owner to its record.
    notice = Client().get(page_url("job_notice", scene.job.pk))
    assert notice.status_code == 200 and f'href="{url}"' in notice.content.decode()


def test_an_unknown_code_or_an_agency_has_no_owner_record(scene, home):
    client = Client()
    assert client.get("/agencies/owners/NOPE/").status_code == 404
    assert client.get(f"/agencies/owners/{scene.winner.agency.uscc}/").status_code == 404


def test_refusals_leave_the_owner_steps_as_they_were(scene, short_clocks):
    contract, first = late_payment_scene(scene)
    second = contract.milestones.order_by("number").last()
    with time_machine.travel(at(5), tick=False):
        d2 = delivery.delivery_submit(actor=scene.agency_user, milestone=second, note="", files=[pdf()])
    before = list(OwnerStep.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    with time_machine.travel(at(6), tick=False):
        with pytest.raises(OwnerOnly) as refused:
            delivery.delivery_accept(actor=scene.agency_user, delivery=d2)
        assert "只有项目业主" in str(refused.value)
        with pytest.raises(RejectionReasonRequired):
            delivery.delivery_reject(actor=scene.owner_user, delivery=d2, reason="  ")
        with pytest.raises(OwnerOnly):
            payments.payment_record_offline(actor=scene.agency_user, milestone=first, reference="GK",
                                            paid_on=datetime.date(2026, 3, 6), files=[pdf("凭证.pdf")])
        with pytest.raises(AgencyOnly):
            delivery.delivery_submit(actor=scene.owner_user, milestone=first, note="", files=[pdf()])
    assert list(OwnerStep.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == entries
    assert step(K.DECIDE_DELIVERY, delivery=d2).done_at is None


# page, state: anonymous, owner, agency, other_agency, regulator, other_regulator
ROLES = ("anonymous", "owner", "agency", "other_agency", "regulator", "other_regulator")
TABLE = [
    ("owner_record", 200, 200, 200, 200, 200, 200),
    ("contract", 302, 200, 200, 404, 404, 404),
    ("regulator_contract", 302, 404, 404, 404, 200, 404),
]


def test_permission_table(scene, short_clocks, home):
    contract, _first = late_payment_scene(scene)
    item = scene.job.item
    regulator = RegulatorFactory()
    item.category.supervisors.add(regulator)
    users = {"anonymous": None, "owner": scene.owner_user, "agency": scene.agency_user,
             "other_agency": scene.runner_up_user, "regulator": regulator.user,
             "other_regulator": RegulatorFactory().user}
    urls = {"owner_record": page_url("owner_record", scene.job.owner.uscc),
            "contract": reverse("contracts:contract", args=[contract.pk]),
            "regulator_contract": reverse("contracts_regulator:contract", args=[contract.pk])}
    steps_before = list(OwnerStep.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    for page, *expected in TABLE:
        for role, status in zip(ROLES, expected, strict=True):
            client = Client()
            if users[role] is not None:
                client.force_login(users[role])
            with time_machine.travel(at(12), tick=False):
                got = client.get(urls[page]).status_code
            assert got == status, (page, role, got)
    # Reading the pages wrote nothing (the stored late days are the clock's).
    assert list(OwnerStep.objects.order_by("pk").values()) == steps_before
    assert AuditEntry.objects.count() == entries
