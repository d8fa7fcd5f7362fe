"""An agency's standing: set by an active regulator with a reason, ends by itself at its date."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import AuditEntry
from core.errors import NotAllowed
from core.models import Notice
from providers.errors import StandingReasonRequired, StandingUntilInPast
from providers.models import Standing
from providers.services.standing import standing_set
from providers.standing_rules import standing_at
from tests.factories import MembershipFactory, RegulatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulator(db):
    return RegulatorFactory().user


def test_an_expired_standing_counts_as_active(agency):
    now = timezone.now()
    agency.standing, agency.standing_reason = Standing.SUSPENDED, "整改中"
    agency.standing_until = now + datetime.timedelta(days=1)
    assert standing_at(agency, now) == (Standing.SUSPENDED, "整改中", agency.standing_until)
    assert standing_at(agency, now + datetime.timedelta(days=2)) == (Standing.ACTIVE, "", None)


def test_a_regulator_suspends_an_agency_its_members_are_told_and_the_change_is_audited(regulator, agency, member):
    until = timezone.now() + datetime.timedelta(days=90)
    standing_set(actor=regulator, agency=agency, standing=Standing.SUSPENDED, reason="拒不签约", until=until)
    agency.refresh_from_db()
    assert (agency.standing, agency.standing_reason, agency.standing_until) == ("suspended", "拒不签约", until)
    entry = AuditEntry.objects.get(action=Action.ORGANISATION_STANDING_SET)
    assert entry.before["standing"] == "active" and entry.after["standing"] == "suspended"
    assert "拒不签约" in Notice.objects.get(user=member).body


@pytest.mark.parametrize("make_actor", [
    lambda: UserFactory(), lambda: RegulatorFactory(is_active=False).user,
    lambda: MembershipFactory(role="admin").user,
])
def test_only_active_regulators_may_set_a_standing(agency, make_actor):
    with pytest.raises(NotAllowed):
        standing_set(actor=make_actor(), agency=agency, standing=Standing.BLACKLISTED, reason="x")
    agency.refresh_from_db()
    assert agency.standing == Standing.ACTIVE and not AuditEntry.objects.exists()


def test_a_reason_is_required_and_an_end_must_be_in_the_future(regulator, agency):
    with pytest.raises(StandingReasonRequired):
        standing_set(actor=regulator, agency=agency, standing=Standing.WATCH, reason="  ")
    with pytest.raises(StandingUntilInPast):
        standing_set(actor=regulator, agency=agency, standing=Standing.WATCH, reason="信用等级 C",
                     until=timezone.now() - datetime.timedelta(minutes=1))
    agency.refresh_from_db()
    assert agency.standing == Standing.ACTIVE and not AuditEntry.objects.exists()


def test_the_regulator_page_finds_an_agency_sets_its_standing_and_shows_the_history(client, regulator, agency):
    client.force_login(regulator)
    body = client.get(reverse("providers_regulator:standing") + "?q=清源").content.decode()
    assert agency.name in body
    url = reverse("providers_regulator:standing_agency", args=[agency.pk])
    # (Blacklisting is not set here: it takes two regulators, tests/blacklist.)
    response = client.post(url, {"standing": "suspended", "reason": "出具虚假评估报告", "until": "2099-12-31"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.standing == "suspended"
    assert timezone.localtime(agency.standing_until).strftime("%Y-%m-%d %H:%M:%S") == "2099-12-31 23:59:59"
    body = client.get(url).content.decode()
    assert "出具虚假评估报告" in body and "暂停参与选取" in body and "2099-12-31" in body


def test_the_page_refuses_a_missing_reason_next_to_the_field(client, regulator, agency):
    client.force_login(regulator)
    response = client.post(reverse("providers_regulator:standing_agency", args=[agency.pk]),
                           {"standing": "suspended", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    agency.refresh_from_db()
    assert agency.standing == Standing.ACTIVE


def test_the_standing_pages_are_for_regulators_only(client, agency, member):
    client.force_login(member)
    assert client.get(reverse("providers_regulator:standing")).status_code == 403
    url = reverse("providers_regulator:standing_agency", args=[agency.pk])
    assert client.post(url, {"standing": "active", "reason": "自行解除"}).status_code == 403
