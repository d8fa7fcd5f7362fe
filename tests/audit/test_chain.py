import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from audit.services import audit_record
from audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _three_entries(user):
    for n in range(3):
        audit_record(actor=user, action="test.event", object_type="thing", object_id=n,
                     object_repr=f"第{n}号", after={"n": n})


def test_an_untouched_chain_verifies(user):
    _three_entries(user)
    count, problems = verify_chain()
    assert (count, problems) == (3, [])
    call_command("verify_audit")


def test_an_edited_row_is_found(user):
    _three_entries(user)
    # A raw UPDATE, as someone with database access would do it: the model refuses saves.
    AuditEntry.objects.filter(object_id="1").update(after={"n": 99})
    _count, problems = verify_chain()
    assert [p.seq for p in problems] == [AuditEntry.objects.get(object_id="1").seq]
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit")


def test_a_deleted_row_is_found(user):
    _three_entries(user)
    AuditEntry.objects.filter(object_id="1").delete()  # queryset delete bypasses the model
    _count, problems = verify_chain()
    assert problems and "deleted" in problems[0].message


def test_a_removed_tail_is_found(user):
    _three_entries(user)
    AuditEntry.objects.filter(object_id="2").delete()
    _count, problems = verify_chain()
    assert problems and "removed" in problems[-1].message


def test_entries_cannot_be_saved_again_or_deleted(user):
    entry = audit_record(actor=user, action="test.event", object_type="thing", object_id=1)
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_the_request_ip_is_recorded(client, user):
    from audit.context import reset_ip, set_ip

    token = set_ip("203.0.113.9")
    try:
        entry = audit_record(actor=user, action="test.event", object_type="thing", object_id=1)
    finally:
        reset_ip(token)
    assert entry.ip == "203.0.113.9"
