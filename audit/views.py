"""The public record of the audit chain's daily anchors: a page, and the same as a file to keep."""
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from .selectors import published_anchors

PAGE_SIZE = 30
ANCHOR_FILE_FORMAT = "zjcs-audit-anchors"


def anchor_list(request):
    page = Paginator(published_anchors(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/anchor_list.html", {"page": page})


def anchor_download(request):
    """Every anchor, oldest first, as `manage.py verify_audit --anchors FILE` reads it. The file
    only grows at its end, so two copies taken on different days can be compared line by line."""
    anchors = [{**anchor.published_fields(), "mac": anchor.mac}
               for anchor in published_anchors().order_by("date")]
    response = JsonResponse(
        {"format": ANCHOR_FILE_FORMAT, "version": 1, "anchors": anchors},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'attachment; filename="audit-anchors.json"'
    return response
