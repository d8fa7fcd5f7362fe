"""Marking one's own in-site notices read. Reading one's messages changes nothing anybody else
relies on, so no audit entry is written; the user can only ever touch their own rows."""
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Notice


def notices_of(user):
    """The user's own notices, newest first."""
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


@transaction.atomic
def notice_mark_read(*, actor, notice_id):
    """Mark one of `actor`'s notices read (404 for anyone else's) and return it."""
    notice = get_object_or_404(Notice.objects.select_for_update(), pk=notice_id, user=actor)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor):
    return Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
