"""Private files: certificate scans, read only by the agency's members and active regulators."""
from django.http import FileResponse, Http404

from .. import selectors, uploads


def certificate_scan(request, certificate_id):
    # Anonymous users get 403 like any other outsider (checked in the selector).
    certificate = selectors.certificate_for_reader(certificate_id, request.user)
    try:
        content_type = uploads.stored_type(certificate.scan)
        handle = certificate.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = uploads.ALLOWED.get(content_type, "")
    response = FileResponse(handle, content_type=content_type,
                            filename=f"certificate-{certificate.pk}{extension}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
