"""Writing to the audit log. Call `audit_record` inside the service's transaction."""
import datetime
import json
import math

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from core import changes

from .actions import Action
from .chain import CURRENT_SCHEME, GENESIS, anchor_mac, current_key, entry_digest, head_mac
from .context import current_ip
from .models import AuditAnchor, AuditChainHead, AuditEntry


def _jsonable(value):
    # Round-trip through JSON so the stored value hashes the same after it is read back.
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _plain(value):
    """Whether `value` is already what JSON gives back (strings, integers, booleans, None, finite
    floats, in lists and string-keyed dicts)."""
    if value is None or isinstance(value, (str, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return False


def _plain_or_jsonable(value):
    """_jsonable without the round trip for a value that needs none (bulk writes)."""
    return value if _plain(value) else _jsonable(value)


def _locked_head():
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS}
    )
    return head


def audit_record(*, actor, action, obj=None, object_type="", object_id="", object_repr="",
                 before=None, after=None, ip=None):
    """Append one entry to the chain. Must run inside the caller's transaction. `action` is an
    `audit.actions.Action`; anything else is refused (ValueError) before anything is written."""
    action = Action(action)
    if obj is not None:
        # The public pages showing `obj` are rendered again once this change commits.
        changes.announce(obj)
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    key = current_key()
    with transaction.atomic():
        head = _locked_head()
        fields = dict(
            prev_hash=head.last_hash,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_label=str(actor)[:200] if actor is not None else "system",
            action=action.value,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            before=_jsonable(before),
            after=_jsonable(after),
            ip=ip if ip is not None else current_ip(),
        )
        entry = AuditEntry.objects.create(
            scheme=CURRENT_SCHEME, hash=entry_digest(scheme=CURRENT_SCHEME, key=key, **fields), **fields
        )
        head.last_hash = entry.hash
        head.last_seq = entry.seq
        head.mac = head_mac(key, seq=entry.seq, hash=entry.hash)
        head.save(update_fields=["last_hash", "last_seq", "mac"])
    return entry


def audit_record_many(records):
    """Append several entries in one go (a bulk job: credit recomputed for many organisations):
    `records` are dicts of audit_record's keyword arguments (actor, action, obj, before, after).
    The same entries, chained the same way, as that many audit_record calls: the head locked
    once, one INSERT. Must run inside the caller's transaction. Returns the entries."""
    if not records:
        return []
    key = current_key()
    prepared = []
    for record in records:
        action = Action(record["action"])
        obj, actor = record.get("obj"), record.get("actor")
        prepared.append(dict(
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_label=str(actor)[:200] if actor is not None else "system",
            action=action.value,
            object_type=obj._meta.label_lower if obj is not None else record.get("object_type", ""),
            object_id=str(obj.pk) if obj is not None else str(record.get("object_id", "")),
            object_repr=(str(obj) if obj is not None else record.get("object_repr", ""))[:200],
            before=_plain_or_jsonable(record.get("before")),
            after=_plain_or_jsonable(record.get("after")),
            ip=record.get("ip") if record.get("ip") is not None else current_ip(),
        ))
    changes.announce(*[record["obj"] for record in records if record.get("obj") is not None])
    with transaction.atomic():
        head = _locked_head()
        entries, prev = [], head.last_hash
        for fields in prepared:
            digest = entry_digest(scheme=CURRENT_SCHEME, key=key, prev_hash=prev, **fields)
            entries.append(AuditEntry(scheme=CURRENT_SCHEME, hash=digest, prev_hash=prev, **fields))
            prev = digest
        if connection.vendor == "postgresql":
            last_seq = _insert_unnested(entries)
        else:
            entries = AuditEntry.objects.bulk_create(entries)
            last_seq = entries[-1].seq
        head.last_hash = entries[-1].hash
        head.last_seq = last_seq
        head.mac = head_mac(key, seq=head.last_seq, hash=head.last_hash)
        head.save(update_fields=["last_hash", "last_seq", "mac"])
    return entries


_UNNESTED = (("scheme", "smallint"), ("created_at", "timestamptz"), ("actor_id", "bigint"),
             ("actor_label", "text"), ("action", "text"), ("object_type", "text"), ("object_id", "text"),
             ("object_repr", "text"), ("before", "jsonb"), ("after", "jsonb"), ("ip", "inet"),
             ("prev_hash", "text"), ("hash", "text"))


def _insert_unnested(entries):
    """PostgreSQL: the entries in one INSERT … SELECT FROM unnest(arrays), in their order (their
    seq follows it), with the parameters bound by the server (a bulk job writes thousands);
    returns the last seq. The entries' seq is set."""
    import psycopg

    def column(name):
        values = [getattr(entry, name) for entry in entries]
        if name in ("before", "after"):
            return [None if value is None else json.dumps(value, ensure_ascii=False) for value in values]
        return values

    names = ", ".join(f'"{name}"' for name, _type in _UNNESTED)
    arrays = ", ".join(f"%b::{kind}[]" for _name, kind in _UNNESTED)
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f'INSERT INTO "{AuditEntry._meta.db_table}" ({names}) SELECT {names} FROM unnest({arrays}) '
            f'WITH ORDINALITY AS v({names}, "n") ORDER BY "n" RETURNING "seq"',
            [column(name) for name, _type in _UNNESTED])
        seqs = [seq for (seq,) in cursor.fetchall()]
    for entry, seq in zip(entries, seqs):
        entry.seq = seq
    return max(seqs)


def snapshot(obj, fields):
    """A small before/after summary of the named fields of a model instance."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


@transaction.atomic
def anchor_publish(*, actor=None, now=None):
    """Publish today's anchor of the chain head (Beijing date); once a day, so running it again
    the same day returns the anchor already published. Returns (anchor, created).

    Run by `manage.py anchor_audit` from cron; `actor` is None for that scheduled run. The
    anchor is itself recorded in the chain, as the entry after the head it names."""
    key = current_key()
    now = (now or timezone.now()).astimezone(datetime.timezone.utc)
    date = timezone.localdate(now)
    head = _locked_head()
    existing = AuditAnchor.objects.filter(date=date).first()
    if existing is not None:
        return existing, False
    anchor = AuditAnchor(date=date, seq=head.last_seq, hash=head.last_hash, created_at=now)
    anchor.mac = anchor_mac(key, **anchor.published_fields())
    anchor.save()
    audit_record(actor=actor, action=Action.AUDIT_ANCHOR_PUBLISH, obj=anchor,
                 after={"date": date.isoformat(), "seq": anchor.seq, "hash": anchor.hash})
    return anchor, True
