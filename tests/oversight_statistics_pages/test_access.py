"""The regulator's statistics and its exports: regulators only (anonymous → login, an agency's
member → 403), whatever the table or format."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URLS = [
    (reverse("oversight_regulator:statistics"), {}),
    (reverse("oversight_regulator:statistics_export_csv"), {"table": "jobs"}),
    (reverse("oversight_regulator:statistics_export_xlsx"), {"table": "jobs"}),
]


@pytest.mark.parametrize("url, query", URLS)
def test_an_anonymous_visitor_is_sent_to_the_login(client, scene, url, query):
    response = client.get(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url, query", URLS)
def test_an_agency_member_is_refused(client, scene, agency_member, url, query):
    client.force_login(agency_member)
    response = client.get(url, query)
    assert response.status_code == 403
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("url, query", URLS)
def test_an_inactive_regulator_is_refused(client, scene, url, query):
    scene.regulator.is_active = False
    scene.regulator.save(update_fields=["is_active"])
    client.force_login(scene.regulator.user)
    assert client.get(url, query).status_code == 403


def test_the_regulator_menu_links_to_the_statistics(regulator_client, scene):
    html = regulator_client.get(reverse("regulator:dashboard")).content.decode()
    assert f'href="{reverse("oversight_regulator:statistics")}"' in html
