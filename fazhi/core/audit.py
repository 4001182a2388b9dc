"""Writing audit events (one function, ``record``, called from views, services, signals and commands), and
the chain's upkeep: ``verify_chain`` (``fazhi audit verify``) and ``purge`` (``fazhi audit purge``), the one
way past the table's DELETE trigger (``deletion_allowed``)."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time

from django.db import connections, transaction
from django.utils import timezone

from .choices import AuditAction

log = logging.getLogger("fazhi.audit")

#: 《网络安全法》第二十一条：网络日志留存不少于六个月。No purge ever goes past this, whatever the local rule.
LEGAL_MINIMUM_MONTHS = 6


def without_nul(value):
    """``value`` (text, or a dict or list of them: a request's filters) without NUL characters, which PostgreSQL
    stores neither in text nor in JSON — a query string holding one is still recorded, as the rest of it."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nul(v) for v in value]
    return value


def record(request, action, *, obj=None, username=None, message="", detail=None, user=None, org=None):
    """Append one audit event. ``request`` may be None (commands); then pass ``user``. An ID or mobile number in
    ``message`` or ``detail`` (a search keyword, a filter) is stored encrypted (:func:`fazhi.core.crypto.protect`)."""
    from .crypto import protect
    from .models import AuditEvent

    message, detail = protect(without_nul(message)), protect(without_nul(detail or {}))

    actor = user
    ip = None
    if request is not None:
        from .auth import client_ip

        ip = client_ip(request)
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


# ---------------------------------------------------------------- retention and purge


def retention_months():
    """Months the audit log is kept: the local rule ``audit_retention_months``. The log is one for the whole
    platform, so the longest retention any org sets wins (keeping longer never breaks a rule); the default
    when none is set. Never below the legal minimum (the rule refuses it)."""
    from django.core.exceptions import ValidationError

    from .models import LocalRule
    from .rules import RULES

    rule = RULES["audit_retention_months"]
    values = []
    for raw in LocalRule.objects.filter(key=rule.key).values_list("value", flat=True):
        try:
            values.append(rule.parse(raw))
        except ValidationError:
            continue
    return max(values, default=rule.default)


class PurgeRefused(Exception):
    """The purge would delete events the law or the local rule says to keep (Chinese message)."""


@dataclass
class PurgePlan:
    before: object  # date: events before this day (local time) go
    retention: int  # months
    count: int = 0
    first_id: int = 0
    last_id: int = 0
    first_at: object = None
    last_at: object = None


def latest_purge_date(today=None, months=None):
    """The latest ``--before`` a purge accepts today: the retention's months back (never fewer than six)."""
    from .periods import add_months

    today = today or timezone.localdate()
    months = max(months if months is not None else retention_months(), LEGAL_MINIMUM_MONTHS)
    return add_months(today, -months)


def plan_purge(before=None, today=None):
    """What ``purge(before)`` would delete. Raise PurgeRefused when ``before`` is later than the retention
    allows. Only a prefix of the chain goes (ids below the oldest event on or after ``before``), so the rest
    stays verifiable; an older event written after a newer one stays with it."""
    from .models import AuditEvent
    from .periods import add_months

    today = today or timezone.localdate()
    months = retention_months()
    legal = add_months(today, -LEGAL_MINIMUM_MONTHS)
    latest = latest_purge_date(today, months)
    if before is None:
        before = latest
    if before > legal:
        raise PurgeRefused(
            f"审计日志至少保留{LEGAL_MINIMUM_MONTHS}个月（《网络安全法》第二十一条），不能清理{legal:%Y-%m-%d}以后的记录；"
            f"--before 最晚为 {latest:%Y-%m-%d}。"
        )
    if before > latest:
        raise PurgeRefused(
            f"本地规则“审计日志保留期（月）”为{months}个月，不能清理{latest:%Y-%m-%d}以后的记录；--before 最晚为 {latest:%Y-%m-%d}。"
        )
    cutoff = timezone.make_aware(datetime.combine(before, time.min))
    events = AuditEvent.objects.order_by("id")
    first_kept = events.filter(at__gte=cutoff).values_list("id", flat=True).first()
    doomed = events.filter(id__lt=first_kept) if first_kept is not None else events
    plan = PurgePlan(before=before, retention=months, count=doomed.count())
    if plan.count:
        first, last = doomed.first(), doomed.last()
        plan.first_id, plan.first_at, plan.last_id, plan.last_at = first.pk, first.at, last.pk, last.at
    return plan


def purge(plan, *, username="命令行", detail=None):
    """Delete the events of ``plan`` (a PurgePlan) and audit it, in one transaction: the purge event is
    appended first, recording the range, the count and the cut (the hash of the last event deleted, which
    the oldest event kept names as its ``prev_hash``); then the rows go through ``deletion_allowed``.
    Returns the purge event, or None when the plan deletes nothing."""
    from .models import AuditEvent
    from .models.audit import lock_chain

    if not plan.count:
        return None
    with transaction.atomic():
        lock_chain()
        doomed = AuditEvent.objects.filter(id__lte=plan.last_id)
        if doomed.count() != plan.count:  # another purge ran in between
            raise PurgeRefused("审计日志在确认期间已有变化，未删除任何记录，请重新运行。")
        cut = doomed.order_by("-id").values_list("hash", flat=True).first()
        local = timezone.localtime
        event = record(
            None,
            AuditAction.AUDIT_PURGE,
            username=username,
            message=f"清理审计日志{plan.count}条（{local(plan.first_at):%Y-%m-%d}至{local(plan.last_at):%Y-%m-%d}，"
                    f"早于{plan.before:%Y-%m-%d}；保留期{plan.retention}个月）",
            detail={
                "before": plan.before.isoformat(),
                "count": plan.count,
                "first_id": plan.first_id,
                "last_id": plan.last_id,
                "first_at": plan.first_at.isoformat(),
                "last_at": plan.last_at.isoformat(),
                "cut_hash": cut,
                "retention_months": plan.retention,
                **(detail or {}),
            },
        )
        with deletion_allowed("fazhi audit purge"), connections["default"].cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id <= %s", [plan.last_id])
            if cursor.rowcount != plan.count:
                raise RuntimeError(f"purge deleted {cursor.rowcount} events, planned {plan.count}")
    return event


__all__ = ["AuditAction", "record"]
