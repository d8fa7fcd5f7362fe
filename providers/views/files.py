"""Private files: certificate scans, read only by the agency's members and active regulators."""
from core import uploads

from .. import selectors


def certificate_scan(request, certificate_id):
    # Anonymous users get 403 like any other outsider (checked in the selector).
    certificate = selectors.certificate_for_reader(certificate_id, request.user)
    return uploads.private_file_response(certificate.scan, f"certificate-{certificate.pk}")
