"""Append-only audit events (logins, lockouts, role changes, exports, imports, PII views, record changes,
attachment downloads, …), chained by SM3 hashes (GB/T 32905) so that a change made behind the database's
back shows."""

import json
from datetime import UTC

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from ..choices import AuditAction

#: ``prev_hash`` of the first event ever written (64 hex zeros).
GENESIS = "0" * 64

#: The PostgreSQL advisory lock (pg_advisory_xact_lock) that serialises writers of the chain: "fazhi" in ASCII.
CHAIN_LOCK = 0x66617A6869


def _plain(value):
    """``detail`` the way it reads back from either database: an integral float is an int (PostgreSQL's jsonb
    keeps ``1e+20`` as the number 100000000000000000000, which reads back as an int)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def canonical(event):
    """The bytes an event's hash covers: a JSON array (UTF-8, no spaces, keys sorted at every level) of
    ``at`` (UTC, ISO 8601 with microseconds), actor id, username, ip, org id, action, object type, object
    id, object repr, message and detail. Works on historical models too (the data migration)."""
    at = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = [
        at, event.actor_id, event.username, event.ip or None, event.org_id, event.action, event.object_type,
        event.object_id, event.object_repr, event.message, _plain(event.detail or {}),
    ]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(prev_hash, event):
    """SM3(prev_hash || canonical(event)) as 64 hex digits; ``prev_hash`` is taken as its 64 ASCII hex digits."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(prev_hash.encode("ascii"))
    digest.update(canonical(event))
    return digest.finalize().hex()


def lock_chain(using="default"):
    """Inside a transaction: make this transaction the only writer of the chain until it ends. On PostgreSQL an
    advisory transaction lock; on SQLite every write transaction already holds the database's write lock
    (``transaction_mode=IMMEDIATE``; in a deferred transaction a second writer fails instead of forking)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除。")

    def bulk_create(self, objs, *args, **kwargs):
        raise PermissionError("审计日志须逐条写入（每条链接前一条的哈希）。")

    def bulk_update(self, objs, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")


class AuditEvent(models.Model):
    """One audit event. Rows are never updated or deleted: the model refuses it, and on both databases a
    trigger refuses UPDATE and DELETE (migrations 0002 and 0006; only ``fazhi audit purge`` gets past the
    DELETE trigger, through ``core.audit.deletion_allowed``). So the log outlives the accounts and units it
    names: deleting a user or an org leaves its events as they are (no SET NULL, no database constraint; the
    username is kept as text), and ``actor``/``org`` are read with ``select_related`` (None when gone).

    Tamper evidence: ``hash`` = SM3(``prev_hash`` || ``canonical(event)``) and ``prev_hash`` is the hash of the
    event before it (by id; ``GENESIS`` for the first). Saving a new event reads the previous hash and
    inserts in one transaction holding the chain's lock, so ids follow the chain. ``fazhi audit verify``
    walks it (``core.audit.verify_chain``)."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    username = models.CharField("账户", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    org = models.ForeignKey(
        "core.Org", verbose_name="当前单位", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField("事件", max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    message = models.TextField("说明", blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("前一条哈希（SM3）", max_length=64, editable=False)
    hash = models.CharField("哈希（SM3）", max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改。")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):  # the head is read in the transaction that inserts after it
            lock_chain(using)
            last = AuditEvent.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
            self.prev_hash = last or GENESIS
            self.normalise()
            self.hash = self.computed_hash()
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")


    @property
    def shown_message(self):
        """The message as the audit page and its export show it: an ID or mobile number in it masked."""
        from ..crypto import shown_masked

        return shown_masked(self.message)

    def normalise(self):
        """Hold each value the way the database gives it back, so that the hash computed now is the hash
        recomputed from the stored row: an aware time to the microsecond, the address as the field stores
        it, ``detail`` through JSON (tuples become lists, keys strings)."""
        if timezone.is_naive(self.at):
            self.at = timezone.make_aware(self.at)
        self.ip = self._meta.get_field("ip").get_prep_value(self.ip) or None
        self.detail = _plain(json.loads(json.dumps(self.detail or {})))

    def computed_hash(self):
        return chain_hash(self.prev_hash, self)
