"""No agency shows a credit grade or score the credit rules have not given it: a new agency
reads 暂无评价 everywhere in public (directory rows, its profile, the item pages), and the stored
defaults leak neither through the grade filter nor through the order of the directory."""
import pytest
from django.utils import timezone

from marketplace.selectors.directory import agency_directory
from tests.factories import AgencyFactory, AgencyServiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


def test_a_new_agency_shows_no_grade_and_no_score_anywhere_in_public(client, home):
    offer = AgencyServiceFactory(agency=AgencyFactory(name="德阳新入驻咨询有限公司"))
    agency = offer.agency
    assert (agency.credit_grade, str(agency.credit_score)) == ("A", "100")  # the stored defaults
    for path in (f"/agencies/{agency.uscc}/", "/agencies/", f"/catalogue/{offer.item.code}/", "/"):
        html = client.get(path).content.decode()
        assert "暂无评价" in html, path
        assert "grade-A" not in html and "100.00" not in html, path


def test_the_agency_sees_the_same_in_its_workspace(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    html = client.get(f"/workspace/org/{membership.organisation.pk}/profile/").content.decode()
    assert "暂无评价" in html and "100.00" not in html


def test_a_rated_agency_shows_its_grade_and_score(client, home):
    agency = AgencyFactory(credit_grade="B", credit_score=82.5, credit_rated_at=timezone.now())
    html = client.get(f"/agencies/{agency.uscc}/").content.decode()
    assert "B级" in html and "82.50" in html and "暂无评价" not in html


def test_the_grade_filter_and_the_order_count_rated_agencies_only():
    unrated_high = AgencyFactory(name="Beta 咨询", credit_grade="C", credit_score=99)
    unrated_low = AgencyFactory(name="Alpha 咨询", credit_grade="C", credit_score=10)
    rated = AgencyFactory(name="Gamma 咨询", credit_grade="C", credit_score=60, credit_rated_at=timezone.now())
    assert list(agency_directory(grade="C")) == [rated]
    # Rated first by score; the others by name, whatever their stored numbers.
    assert list(agency_directory()) == [rated, *sorted([unrated_high, unrated_low], key=lambda a: a.name)]
