"""The contact and complaints entry page: the editors' contact points, the portal's hotline, and
the way into the complaint form, following a complaint and the published outcomes."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_contact_page_leads_to_the_complaint_form_and_shows_the_contact_points(client, home):
    html = client.get("/contact/").content.decode()
    assert 'href="/complaints/"' in html and 'href="/complaints/#follow-title"' in html
    assert 'href="/complaints/outcomes/"' in html
    assert "中介超市运行管理窗口" in html and 'href="tel:0838-12345"' in html
    assert "12345" in html   # the portal's hotline (PortalSettings)


def test_every_page_footer_points_to_the_fees_and_contact_pages(client, home):
    html = client.get("/").content.decode()
    assert 'href="/fees/"' in html and 'href="/contact/"' in html
