"""The append-only audit log. Each entry carries the hash of the one before it, keyed with a
secret kept outside the database (audit/chain.py), so editing or deleting any row breaks the
chain and `manage.py verify_audit` finds it; daily anchors of the chain head, published on the
public site, catch a rewrite even by someone who holds the key."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} rows are append-only")


class AuditEntry(AppendOnly):
    seq = models.BigAutoField(primary_key=True)
    # How `hash` was computed: 1 plain SHA-256 (entries from before the key), 2 HMAC-SHA256.
    scheme = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(_("时间"))
    # The actor is kept by value, not by foreign key: deleting a user must not alter the log.
    actor_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    actor_label = models.CharField(_("操作人"), max_length=200, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row, locked by every writer, so entries are chained in a single order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    last_seq = models.BigIntegerField(default=0)
    # chain.head_mac over (last_seq, last_hash): moving the head back needs the key.
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"head #{self.last_seq}"


class AuditAnchor(AppendOnly):
    """The chain head as it stood once a day, published at /audit/anchors/ for anyone to keep.

    An anchor whose seq has gone (the log was cut back) or whose hash no longer matches that
    entry (the log was rewritten) is reported by `verify_audit`, and so is an outside copy that
    disagrees with the log."""

    date = models.DateField(_("日期"), unique=True)
    seq = models.BigIntegerField(_("记录序号"))
    hash = models.CharField(_("链头哈希"), max_length=64)
    created_at = models.DateTimeField(_("公布时间"))
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("审计存证")
        verbose_name_plural = _("审计存证")

    def __str__(self):
        return f"{self.date} #{self.seq} {self.hash}"

    def published_fields(self):
        """The anchor as it is published and signed (chain.anchor_mac): ISO date and time."""
        return {"date": self.date.isoformat(), "seq": self.seq, "hash": self.hash,
                "created_at": self.created_at.isoformat()}
