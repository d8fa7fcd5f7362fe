"""How an audit entry is hashed: SHA-256 over a canonical JSON of its fields and the previous hash."""
import hashlib
import json

GENESIS = "0" * 64


def entry_digest(*, prev_hash, created_at, actor_id, actor_label, action, object_type,
                 object_id, object_repr, before, after, ip):
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
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest_of(entry):
    return entry_digest(
        prev_hash=entry.prev_hash, created_at=entry.created_at, actor_id=entry.actor_id,
        actor_label=entry.actor_label, action=entry.action, object_type=entry.object_type,
        object_id=entry.object_id, object_repr=entry.object_repr, before=entry.before,
        after=entry.after, ip=entry.ip,
    )
