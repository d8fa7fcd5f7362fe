"""The public model-contract pages come from the page cache, and a regulator's change to a
template shows at once."""
import pytest
from django.urls import reverse

from contracts.models import TemplateVersion
from core import pagecache
from tests.factories import TemplateVersionFactory
from tests.pagecache import cached

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_a_withdrawn_version_leaves_the_cached_pages(client, django_capture_on_commit_callbacks):
    from core.demo.site import ensure_page_tree

    ensure_page_tree()
    version = TemplateVersionFactory()
    code = version.template.code
    for path in ("/contracts/templates/", f"/contracts/templates/{code}/"):
        cached(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        version.status = TemplateVersion.Status.WITHDRAWN
        version.save()
    page = client.get("/contracts/templates/")
    assert page.get(pagecache.HIT_HEADER) != "hit"
    assert version.template.title not in page.content.decode()


def test_the_verify_page_is_never_cached(client):
    for _attempt in range(2):
        assert client.get(reverse("contracts_public:verify")).get(pagecache.HIT_HEADER) != "hit"
