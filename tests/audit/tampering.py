"""What someone with write access to the database can do to the audit log, done with raw
UPDATE and DELETE statements (the models refuse to change a saved row)."""
from django.conf import settings

from audit.actions import Action
from audit.chain import GENESIS, SCHEME_SHA256, anchor_mac, entry_digest, head_mac
from audit.models import AuditAnchor, AuditChainHead, AuditEntry
from audit.services import audit_record

STOLEN_KEY = settings.AUDIT_HMAC_KEY.encode()  # the key the test settings run with
GUESSED_KEY = b"a guess at the key"

CONTENT = ("created_at", "actor_id", "actor_label", "action", "object_type", "object_id",
           "object_repr", "before", "after", "ip")


def record(user, n):
    return audit_record(actor=user, action=Action.JOB_UPDATE, object_type="thing", object_id=n,
                        object_repr=f"第{n}号", after={"n": n})


def legacy_record(n):
    """An entry as written before the chain was keyed: scheme 1, plain SHA-256; the head then
    signed, as the migration that introduced the key does."""
    from django.utils import timezone

    head, _ = AuditChainHead.objects.get_or_create(id=1, defaults={"last_hash": GENESIS})
    fields = dict(prev_hash=head.last_hash, created_at=timezone.now(), actor_id=None,
                  actor_label="system", action="legacy.event", object_type="thing",
                  object_id=str(n), object_repr="", before=None, after={"n": n}, ip=None)
    entry = AuditEntry.objects.create(
        scheme=SCHEME_SHA256, hash=entry_digest(scheme=SCHEME_SHA256, key=None, **fields), **fields
    )
    move_head(entry.seq, entry.hash, key=STOLEN_KEY)
    return entry


def move_head(seq, hash, *, key):
    AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=hash,
                                              mac=head_mac(key, seq=seq, hash=hash))


def rewrite(from_seq, *, edit=None, scheme=2, key=GUESSED_KEY):
    """Edit the entry at from_seq, recompute its hash and every later one (as `scheme`, with
    `key`), and move the head to the new last hash, signed with the same key."""
    first = AuditEntry.objects.get(seq=from_seq)
    prev = first.prev_hash
    last_seq = first.seq
    for entry in AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
        values = {name: getattr(entry, name) for name in CONTENT}
        if entry.seq == from_seq and edit:
            values.update(edit)
        new_hash = entry_digest(scheme=scheme, key=key, prev_hash=prev, **values)
        AuditEntry.objects.filter(seq=entry.seq).update(scheme=scheme, prev_hash=prev, hash=new_hash, **values)
        prev, last_seq = new_hash, entry.seq
    move_head(last_seq, prev, key=key)


def cut_back(to_seq, *, key=STOLEN_KEY):
    """Delete every entry after to_seq and move the head back to it."""
    AuditEntry.objects.filter(seq__gt=to_seq).delete()
    move_head(to_seq, AuditEntry.objects.get(seq=to_seq).hash, key=key)


def resign_anchors(key=STOLEN_KEY):
    """With the key, make the database's anchors agree with the rewritten log again."""
    for anchor in AuditAnchor.objects.all():
        entry_hash = AuditEntry.objects.get(seq=anchor.seq).hash
        fields = {**anchor.published_fields(), "hash": entry_hash}
        AuditAnchor.objects.filter(pk=anchor.pk).update(hash=entry_hash, mac=anchor_mac(key, **fields))
