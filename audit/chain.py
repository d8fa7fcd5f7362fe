"""How the audit chain is sealed. No models here: functions over values, and the key.

Each entry is hashed over a canonical JSON of its fields and the previous entry's hash. The
entry's `scheme` says how:

- scheme 1 (entries written before the chain was keyed): plain SHA-256 of the JSON. Anyone
  with write access to the database can recompute it, so it only shows accidents.
- scheme 2 (every new entry): HMAC-SHA256 of the JSON, which also carries {"v": 2}, with the
  key AUDIT_HMAC_KEY, kept in the environment and never in the database. Without the key nobody
  can recompute an entry's hash after editing it or the ones after it.

A verifier accepts scheme 1 only before the first scheme-2 entry, so a rewriter cannot turn
keyed entries back into plain ones.

The chain head (the newest entry's seq and hash) is signed with the same key, so moving it back
after deleting the newest entries needs the key too; and once a day the head is published as an
anchor (AuditAnchor, /audit/anchors/), signed as well, which outside copies keep for good.

Every MAC is over a JSON object with a "kind" of its own, so a value signed for one purpose
cannot be passed off as another.
"""
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64

SCHEME_SHA256 = 1
SCHEME_HMAC = 2
CURRENT_SCHEME = SCHEME_HMAC
SCHEMES = (SCHEME_SHA256, SCHEME_HMAC)


def current_key():
    """The key of the chain, from the AUDIT_HMAC_KEY setting (the environment in production)."""
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if not key:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY must be set: it keys the audit chain")
    return key.encode("utf-8")


def _canonical(payload):
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def _mac(key, payload):
    return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()


def entry_digest(*, scheme, key, prev_hash, created_at, actor_id, actor_label, action,
                 object_type, object_id, object_repr, before, after, ip):
    payload = {
        "prev": prev_hash,
        "at": created_at.isoformat(),
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "type": object_type,
        "id": str(object_id),
        "repr": object_repr,
        "before": before,
        "after": after,
        "ip": ip,
    }
    if scheme == SCHEME_SHA256:
        return hashlib.sha256(_canonical(payload)).hexdigest()
    if scheme == SCHEME_HMAC:
        return _mac(key, {**payload, "v": SCHEME_HMAC})
    raise ValueError(f"unknown audit scheme {scheme!r}")


def digest_of(entry, key):
    return entry_digest(
        scheme=entry.scheme, key=key, prev_hash=entry.prev_hash, created_at=entry.created_at,
        actor_id=entry.actor_id, actor_label=entry.actor_label, action=entry.action,
        object_type=entry.object_type, object_id=entry.object_id, object_repr=entry.object_repr,
        before=entry.before, after=entry.after, ip=entry.ip,
    )


def head_mac(key, *, seq, hash):
    return _mac(key, {"kind": "head", "seq": int(seq), "hash": hash})


def anchor_mac(key, *, date, seq, hash, created_at):
    """`date` and `created_at` as the ISO strings published in the anchor file."""
    return _mac(key, {"kind": "anchor", "date": date, "seq": int(seq), "hash": hash,
                      "created_at": created_at})


def same(a, b):
    return hmac.compare_digest(str(a), str(b))
