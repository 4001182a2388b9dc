"""Writing audit events (one function, ``record``, called from views, services, signals and commands), and
the chain's upkeep: ``verify_chain`` (``fazhi audit verify``) and ``purge`` (``fazhi audit purge``), the one
way past the table's DELETE trigger (``deletion_allowed``)."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction

from .choices import AuditAction

log = logging.getLogger("fazhi.audit")

def record(request, action, *, obj=None, username=None, message="", detail=None, user=None, org=None):
    """Append one audit event. ``request`` may be None (commands); then pass ``user``."""
    from .models import AuditEvent

    actor = user
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
    if org is None and actor is not None:
        org = getattr(actor, "active_org", None)
    event = AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.pk) else None,
        username=username or (actor.username if actor is not None else ""),
        ip=ip,
        org=org,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        message=message,
        detail=detail or {},
    )
    log.info("audit %s %s %s", event.username, action, message)
    return event


# ---------------------------------------------------------------- deleting (purge only)


@contextmanager
def deletion_allowed(reason, using="default"):
    """Lift the audit table's DELETE trigger for the statements run inside, in the caller's transaction only:
    on PostgreSQL the transaction-local setting ``fazhi.audit_delete``, on SQLite a row in the guard table
    (inserted and removed before the transaction commits, so no other connection ever sees it). A failure
    inside rolls both back. For ``purge`` (and the test runner's flush); nothing else deletes audit events."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("deletion_allowed() must run inside a transaction")
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT set_config('fazhi.audit_delete', 'on', true)")
        else:
            cursor.execute("INSERT INTO core_auditevent_delete_guard (reason) VALUES (%s)", [reason[:100]])
        yield
        if postgres:
            cursor.execute("SELECT set_config('fazhi.audit_delete', '', true)")
        else:
            cursor.execute("DELETE FROM core_auditevent_delete_guard")


# ---------------------------------------------------------------- verifying


@dataclass
class ChainReport:
    count: int  # events walked
    broken: object = None  # the first AuditEvent whose link is broken, or None
    reason: str = ""
    last_hash: str = ""  # the hash of the newest event (to note down and compare later)

    @property
    def ok(self):
        return self.broken is None


def verify_chain(using="default"):
    """Walk the chain in id order and return a ChainReport naming the first broken link: an event whose
    stored hash is not SM3(prev_hash || its content) (the row was changed), or whose ``prev_hash`` is not the
    hash of the event before it (rows were deleted or inserted in between). The walk starts from the oldest
    remaining event's ``prev_hash``, which must be ``GENESIS`` or, after a purge, the cut the latest purge
    event recorded (so a purge keeps the chain verifiable, and rows removed from its start show too)."""
    from .models import AuditEvent
    from .models.audit import GENESIS

    events = AuditEvent.objects.using(using).order_by("id")
    first = events.only("id", "prev_hash").first()
    if first is None:
        return ChainReport(0)
    latest_purge = events.filter(action=AuditAction.AUDIT_PURGE).order_by("-id").only("detail").first()
    start = latest_purge.detail.get("cut_hash") if latest_purge is not None else GENESIS
    count = 0
    prev = start
    for event in events.iterator(chunk_size=2000):
        count += 1
        if event.prev_hash != prev:
            if count == 1:
                reason = ("最早一条之前的记录缺失：其前一条哈希与" + ("最近一次清理记录的截断点" if latest_purge is not None else "链条起点")
                          + "不符")
            else:
                reason = "与前一条记录的哈希不衔接，其间有记录被删除或插入"
            return ChainReport(count, event, reason)
        if event.computed_hash() != event.hash:
            return ChainReport(count, event, "内容与哈希不符，记录已被改动")
        prev = event.hash
    return ChainReport(count, last_hash=prev)


__all__ = ["AuditAction", "record"]
