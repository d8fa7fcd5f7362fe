"""Writing to the audit log. Call `audit_record` inside the service's transaction."""
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .chain import GENESIS, entry_digest
from .context import current_ip
from .models import AuditChainHead, AuditEntry


def _jsonable(value):
    # Round-trip through JSON so the stored value hashes the same after it is read back.
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def audit_record(*, actor, action, obj=None, object_type="", object_id="", object_repr="",
                 before=None, after=None, ip=None):
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS}
        )
        fields = dict(
            prev_hash=head.last_hash,
            created_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_label=str(actor)[:200] if actor is not None else "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            before=_jsonable(before),
            after=_jsonable(after),
            ip=ip if ip is not None else current_ip(),
        )
        entry = AuditEntry.objects.create(hash=entry_digest(**fields), **fields)
        head.last_hash = entry.hash
        head.last_seq = entry.seq
        head.save(update_fields=["last_hash", "last_seq"])
    return entry


def snapshot(obj, fields):
    """A small before/after summary of the named fields of a model instance."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}
