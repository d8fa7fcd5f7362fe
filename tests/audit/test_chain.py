"""The audit chain: keyed with AUDIT_HMAC_KEY, so editing, deleting or rewriting rows without
the key is found by `verify_audit`; entries from before the key still verify, and nothing can be
turned back into an unkeyed entry once keyed ones exist."""
import pytest
from django.core.management import CommandError, call_command

from audit.actions import Action
from audit.chain import SCHEME_HMAC, SCHEME_SHA256
from audit.models import AuditEntry
from audit.services import audit_record
from audit.verify import verify_chain

from .tampering import STOLEN_KEY, legacy_record, record, rewrite

pytestmark = pytest.mark.django_db


def _three_entries(user):
    for n in range(3):
        audit_record(actor=user, action=Action.JOB_UPDATE, object_type="thing", object_id=n,
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
    entry = audit_record(actor=user, action=Action.JOB_UPDATE, object_type="thing", object_id=1)
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_the_request_ip_is_recorded(client, user):
    from audit.context import reset_ip, set_ip

    token = set_ip("203.0.113.9")
    try:
        entry = audit_record(actor=user, action=Action.JOB_UPDATE, object_type="thing", object_id=1)
    finally:
        reset_ip(token)
    assert entry.ip == "203.0.113.9"


def test_new_entries_are_keyed(user):
    _three_entries(user)
    assert set(AuditEntry.objects.values_list("scheme", flat=True)) == {SCHEME_HMAC}


def test_a_different_key_does_not_verify_the_chain(user, settings):
    _three_entries(user)
    settings.AUDIT_HMAC_KEY = "another key"
    _count, problems = verify_chain()
    assert len(problems) == 4  # three entries and the head's signature


@pytest.mark.parametrize("how", ["a guessed key", "plain SHA-256 from the edited row on"])
def test_a_row_edited_and_every_later_hash_recomputed_without_the_key_is_found(user, how):
    for n in range(5):
        record(user, n)
    second = AuditEntry.objects.order_by("seq")[1]
    if how == "a guessed key":
        rewrite(second.seq, edit={"after": {"n": 99}})
    else:
        rewrite(second.seq, edit={"after": {"n": 99}}, scheme=SCHEME_SHA256)

    _count, problems = verify_chain()
    assert problems and problems[0].seq == second.seq
    assert any("signature" in p.message for p in problems)  # the head, signed with the wrong key
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit")


def test_the_whole_chain_rewritten_as_plain_sha256_is_found_by_the_heads_signature(user):
    for n in range(3):
        record(user, n)
    first = AuditEntry.objects.order_by("seq").first()
    rewrite(first.seq, edit={"after": {"n": 99}}, scheme=SCHEME_SHA256)
    _count, problems = verify_chain()
    assert [p.message for p in problems] == [
        "the chain head's signature does not match: the head was moved without the key"
    ]


def test_unkeyed_entries_from_before_the_key_still_verify(user):
    legacy = [legacy_record(n) for n in range(3)]
    keyed = [record(user, n) for n in range(3)]
    assert [e.scheme for e in legacy + keyed] == [SCHEME_SHA256] * 3 + [SCHEME_HMAC] * 3
    assert keyed[0].prev_hash == legacy[-1].hash
    assert verify_chain() == (6, [])
    call_command("verify_audit")


def test_an_unkeyed_entry_after_a_keyed_one_is_refused_even_with_a_valid_head(user):
    record(user, 1)
    downgraded = legacy_record(2)  # chained and hashed correctly, head signed with the key
    _count, problems = verify_chain()
    assert [(p.seq, p.message) for p in problems] == [(
        downgraded.seq,
        f"an unkeyed (scheme 1) entry after the keyed entry #{downgraded.seq - 1}: "
        "the chain was rewritten without the key",
    )]


def test_a_row_rewritten_with_the_stolen_key_passes_without_anchors(user):
    """The limit of the key alone: whoever has it can rewrite the log. The anchors
    (test_anchors.py) are what catch that."""
    for n in range(3):
        record(user, n)
    rewrite(AuditEntry.objects.order_by("seq")[1].seq, edit={"after": {"n": 99}}, key=STOLEN_KEY)
    assert verify_chain()[1] == []


def test_an_action_that_is_not_in_the_enum_is_refused_and_nothing_is_written(user):
    with pytest.raises(ValueError):
        audit_record(actor=user, action="job.publsh", object_type="thing", object_id=1)
    assert not AuditEntry.objects.exists()
