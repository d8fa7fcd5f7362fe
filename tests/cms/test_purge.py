"""A reverse proxy in front of the site is told, by Wagtail's front-end cache purge, which pages
a committed change shows on (cms/purge.py): a real HTTP server stands in for the proxy."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bidding.services.jobs import job_cancel
from providers.models import Standing
from providers.services.standing import standing_set
from tests.factories import AgencyFactory, JobFactory, MembershipFactory, RegulatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxy(settings):
    """An HTTP server that records the PURGE requests it receives."""
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": f"http://127.0.0.1:{server.server_port}",
    }}
    yield purged
    server.shutdown()


def paths(purged):
    return {path for _host, path in purged}


def test_a_cancelled_job_purges_its_notice_its_draw_proof_the_notices_and_the_home_page(home, proxy):
    job = JobFactory()
    proxy.clear()
    job_cancel(actor=MembershipFactory(organisation=job.owner).user, job=job, reason="项目取消")
    assert {"/", "/notices/", f"/notices/{job.pk}/", f"/notices/{job.pk}/draw/"} <= paths(proxy)
    assert {host for host, _path in proxy} == {"localhost"}  # the site's host name, not the proxy's


def test_a_suspension_purges_the_agency_profile_and_the_directory(home, proxy):
    agency = AgencyFactory()
    proxy.clear()
    standing_set(actor=RegulatorFactory().user, agency=agency, standing=Standing.SUSPENDED, reason="拒不签约")
    assert {f"/agencies/{agency.uscc}/", "/agencies/"} <= paths(proxy)


def test_without_a_proxy_nothing_is_sent(home, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    job = JobFactory()
    job_cancel(actor=MembershipFactory(organisation=job.owner).user, job=job, reason="项目取消")  # no error, no request


def test_deleting_an_agency_with_its_certificates_purges_without_an_error(home, proxy):
    from tests.factories import CertificateFactory

    agency = AgencyFactory()
    CertificateFactory(agency=agency)
    proxy.clear()
    agency.delete()  # as the Django admin does: the certificates go with it
    assert "/agencies/" in paths(proxy)
