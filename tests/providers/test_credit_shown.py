"""No agency shows a credit grade or score the credit rules have not given it: a new agency
reads 暂无足够评价 everywhere in public (directory rows, its profile, the item pages), and the
stored defaults leak neither through the grade filter nor through the order of the directory.
The watch list (重点关注) is public: its badge shows on the directory row and the profile."""
import pytest
from django.utils import timezone

from marketplace.selectors.directory import agency_directory
from providers.models import Standing
from tests.factories import AgencyFactory, AgencyServiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def test_a_new_agency_shows_no_grade_and_no_score_anywhere_in_public(client, home):
    offer = AgencyServiceFactory(agency=AgencyFactory(name="德阳新入驻咨询有限公司"))
    agency = offer.agency
    assert (agency.credit_grade, str(agency.credit_score)) == ("", "100")  # the stored defaults
    for path in (f"/agencies/{agency.uscc}/", "/agencies/", f"/catalogue/{offer.item.code}/", "/"):
        html = client.get(path).content.decode()
        assert "暂无足够评价" in html, path
        assert "grade-A" not in html and "100.00" not in html, path


def test_the_agency_sees_the_same_in_its_workspace(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    html = client.get(f"/workspace/org/{membership.organisation.pk}/profile/").content.decode()
    assert "暂无足够评价" in html and "100.00" not in html


def test_a_rated_agency_shows_its_grade_and_score(client, home):
    from reviews.models import CreditAction
    from reviews.services.credit import credit_update
    from tests.factories import UserFactory

    agency = AgencyFactory()
    for kind, level in (("commendation", "minor"), ("commendation", "minor"), ("penalty", "serious")):
        CreditAction.objects.create(organisation=agency, kind=kind, level=level, facts="记录", legal_basis="依据",
                                    decided_by=UserFactory(), decided_at=timezone.now())
    credit_update([agency.pk])  # 80 + 5 + 5 − 15 = 75.00: grade B
    for path in (f"/agencies/{agency.uscc}/", "/agencies/"):
        html = client.get(path).content.decode()
        assert "B级" in html and "75.00" in html and "暂无足够评价" not in html, path


def test_the_grade_filter_and_the_order_count_rated_agencies_only():
    unrated_high = AgencyFactory(name="Beta 咨询", credit_grade="", credit_score=99)
    unrated_low = AgencyFactory(name="Alpha 咨询", credit_grade="", credit_score=10)
    stale = AgencyFactory(name="Delta 咨询", credit_grade="C", credit_score=61)  # a grade never rated
    rated = AgencyFactory(name="Gamma 咨询", credit_grade="C", credit_score=60, credit_rated_at=timezone.now())
    assert list(agency_directory(grade="C")) == [rated]
    # Rated first by score; the others by name, whatever their stored numbers.
    unrated = sorted([unrated_high, unrated_low, stale], key=lambda a: a.name)
    assert list(agency_directory()) == [rated, *unrated]


def test_the_directory_filters_by_grade_through_the_page(client, home):
    AgencyFactory(name="德阳甲级咨询有限公司", credit_grade="A", credit_score=95, credit_rated_at=timezone.now())
    AgencyFactory(name="德阳乙级咨询有限公司", credit_grade="B", credit_score=80, credit_rated_at=timezone.now())
    AgencyFactory(name="德阳新入驻咨询有限公司")
    html = client.get("/agencies/", {"grade": "B"}).content.decode()
    assert "德阳乙级咨询有限公司" in html
    assert "德阳甲级咨询有限公司" not in html and "德阳新入驻咨询有限公司" not in html
    everything = client.get("/agencies/").content.decode()
    # Sorted by score, the unrated last.
    assert everything.index("德阳甲级咨询有限公司") < everything.index("德阳乙级咨询有限公司") \
        < everything.index("德阳新入驻咨询有限公司")


def test_the_watch_list_is_public_on_the_directory_and_the_profile(client, home):
    agency = AgencyFactory(name="德阳关注咨询有限公司", credit_grade="C", credit_score=62,
                           credit_rated_at=timezone.now(), credit_standing=Standing.WATCH,
                           credit_standing_reason="信用分低于 65 分", credit_standing_since=timezone.now())
    row = client.get("/agencies/").content.decode()
    assert 'data-standing="watch"' in row and "重点关注" in row
    profile = client.get(f"/agencies/{agency.uscc}/").content.decode()
    assert "重点关注" in profile and "信用分低于 65 分" in profile
