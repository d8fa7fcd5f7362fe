"""Reads of the audit log that pages share."""
from .models import AuditAnchor


def published_anchors():
    """Every published anchor of the chain head, newest first."""
    return AuditAnchor.objects.order_by("-date")
