"""The audit log's tamper evidence and retention (等保2.0 三级 安全审计; 《网络安全法》第二十一条):
the database refuses UPDATE and DELETE, every event carries an SM3 hash chained to the one before,
``fazhi audit verify`` reports the first broken link, and ``fazhi audit purge`` deletes only what the
retention allows, audits itself and leaves a chain that still verifies."""

import io
import json
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction

from fazhi.core.audit import deletion_allowed, record, verify_chain
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, LocalRule, Org
from fazhi.core.models.audit import GENESIS
from fazhi.core.rules import RULES

TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=TZ)


def write(n=3, **kwargs):
    return [record(None, AuditAction.LOGIN, username=f"user{i}", message=f"第{i}条", **kwargs) for i in range(n)]


def verify():
    """Run ``fazhi audit verify``: (exit code, output)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except SystemExit as e:
        return e.code, out.getvalue()
    return 0, out.getvalue()


def purge(*args):
    out = io.StringIO()
    call_command("audit", "purge", *args, stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def lift_update_trigger():
    """What someone with the database's keys could do: drop the trigger (inside the test's transaction, so
    it comes back when the test ends)."""
    if connection.vendor == "postgresql":
        raw("DROP TRIGGER core_auditevent_no_update ON core_auditevent")
    else:
        raw("DROP TRIGGER core_auditevent_no_update")


def at(y, m, d):
    return datetime(y, m, d, 9, 30, tzinfo=TZ)


# ---------------------------------------------------------------- the database refuses


@pytest.mark.django_db
def test_a_delete_through_raw_sql_is_refused_by_the_database():
    event = write(1)[0]
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        models.QuerySet(model=AuditEvent).filter(pk=event.pk).delete()  # past the model's own guard
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_an_update_through_raw_sql_is_refused_by_the_database():
    event = write(1)[0]
    for sql in ("UPDATE core_auditevent SET message = 'x' WHERE id = %s", "UPDATE core_auditevent SET hash = 'x' WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            raw(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).message == "第0条"


@pytest.mark.django_db
def test_a_truncate_is_refused_by_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    write(1)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("TRUNCATE core_auditevent")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_events_cannot_be_written_in_bulk_past_the_chain():
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create([AuditEvent(action=AuditAction.LOGIN)])
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_only_the_deleting_transaction_gets_past_the_delete_trigger():
    first, second = write(2)
    with transaction.atomic():
        with deletion_allowed("test"), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [first.pk])
        with pytest.raises(DatabaseError, match="append-only"):  # the guard is gone again at once
            raw("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [second.pk]


# ---------------------------------------------------------------- the chain


@pytest.mark.django_db
def test_each_event_carries_the_sm3_of_the_previous_hash_and_its_own_fields():
    county_org = Org.objects.create(code="c1", name="测试县", kind="government")
    events = [
        record(None, AuditAction.LOGIN, username="station1", message="登录成功", org=county_org),
        record(None, AuditAction.EXPORT, username="bureau", message="导出", detail={"count": 3, "filters": {"b": "2", "a": "1"}}),
    ]
    stored = list(AuditEvent.objects.order_by("id"))
    assert stored[0].prev_hash == GENESIS
    assert stored[1].prev_hash == stored[0].hash
    # The hash, computed here from the stored row by the rule the model documents, without the model's code.
    e = stored[1]
    fields = [e.at.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), None, "bureau", None, None, "export",
              "", "", "", "导出", {"count": 3, "filters": {"a": "1", "b": "2"}}]
    digest = hashes.Hash(hashes.SM3())
    digest.update(e.prev_hash.encode() + json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
    assert e.hash == digest.finalize().hex() == events[1].hash
    assert len(e.hash) == 64 and int(e.hash, 16) >= 0


@pytest.mark.django_db
def test_the_chain_verifies():
    write(5, detail={"ratio": 2.5, "big": 1e20, "items": (1, 2), 3: None})
    code, out = verify()
    assert code == 0
    assert out.splitlines()[0] == "审计日志完整：5条"
    assert AuditEvent.objects.order_by("-id").first().hash in out


@pytest.mark.django_db
def test_an_empty_log_verifies():
    assert verify() == (0, "审计日志完整：0条\n")


@pytest.mark.django_db
def test_an_address_is_hashed_the_way_the_database_gives_it_back(rf):
    for ip in ("10.1.2.3", "2001:0DB8:0000:0000:0000:0000:0000:0001", "::ffff:10.1.2.3"):
        request = rf.get("/", REMOTE_ADDR=ip)
        request.user = None
        record(request, AuditAction.LOGIN_FAILED, username="x")
    assert verify()[0] == 0


@pytest.mark.django_db
def test_changing_one_events_message_in_the_database_makes_verify_report_exactly_that_event():
    events = write(5)
    target = events[2]
    lift_update_trigger()
    raw("UPDATE core_auditevent SET message = %s WHERE id = %s", ["篡改后的说明", target.pk])

    report = verify_chain()
    assert report.broken.pk == target.pk and report.count == 3
    code, out = verify()
    assert code == 1
    when = target.at.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")
    assert f"第一处断点为编号 {target.pk}（{when}" in out and "内容与哈希不符" in out
    assert "此前2条校验通过" in out

    raw("UPDATE core_auditevent SET message = %s WHERE id = %s", [target.message, target.pk])  # put it back
    assert verify()[0] == 0


@pytest.mark.django_db
def test_changing_a_detail_or_an_actor_breaks_the_chain_too():
    events = write(3, detail={"count": 1})
    lift_update_trigger()
    raw("UPDATE core_auditevent SET detail = %s WHERE id = %s", ['{"count": 2}', events[1].pk])
    assert verify_chain().broken.pk == events[1].pk
    raw("UPDATE core_auditevent SET detail = %s WHERE id = %s", ['{"count": 1}', events[1].pk])
    raw("UPDATE core_auditevent SET actor_id = 99 WHERE id = %s", [events[0].pk])
    assert verify_chain().broken.pk == events[0].pk


@pytest.mark.django_db
def test_deleting_an_event_behind_the_triggers_back_is_reported_at_the_event_after_it():
    events = write(4)
    with transaction.atomic(), deletion_allowed("an intruder"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    code, out = verify()
    assert code == 1
    assert f"编号 {events[2].pk}" in out and "不衔接" in out


@pytest.mark.django_db
def test_deleting_the_oldest_events_without_a_purge_is_reported():
    events = write(3)
    with transaction.atomic(), deletion_allowed("an intruder"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[0].pk])
    code, out = verify()
    assert code == 1
    assert f"编号 {events[1].pk}" in out and "最早一条之前的记录缺失" in out


@pytest.mark.django_db
def test_an_event_written_inside_an_outer_transaction_links_to_the_one_before():
    write(1)
    with transaction.atomic():
        LocalRule.objects.create(org=Org.objects.create(code="c1", name="测试县", kind="government"), key="rate_decimals", value="1")
        inner = write(2)
    assert inner[0].prev_hash == AuditEvent.objects.order_by("id").first().hash
    assert inner[1].prev_hash == inner[0].hash
    assert verify()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Four threads, each with its own connection, write at once, two events per transaction. Without the
    chain's lock two of them read the same head and the chain forks (verify fails). The test is
    transactional, so its end also proves the runner's flush gets past the DELETE trigger."""
    start = threading.Barrier(4)
    errors = []

    def writer(n):
        try:
            start.wait()
            for i in range(6):
                with transaction.atomic():
                    record(None, AuditAction.EXPORT, username=f"writer{n}", message=f"{i}a")
                    record(None, AuditAction.EXPORT, username=f"writer{n}", message=f"{i}b")
        except Exception as e:  # noqa: BLE001 — reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = verify_chain()
    assert report.ok and report.count == 48
    assert len(set(AuditEvent.objects.values_list("prev_hash", flat=True))) == 48


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_events_written_before_it_in_order():
    from django.db.migrations.executor import MigrationExecutor

    before = [("core", "0005_audit_outlives_users_and_orgs")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        OldEvent = executor.loader.project_state(before).apps.get_model("core", "AuditEvent")
        for i, ip in enumerate(["127.0.0.1", None, "10.0.0.9"]):
            OldEvent.objects.create(at=at(2025, 1, i + 1), username=f"u{i}", ip=ip, action="login", message=f"旧{i}",
                                    detail={"n": i, "list": [1, 2]})
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.message for e in events] == ["旧0", "旧1", "旧2"]
    assert events[0].prev_hash == GENESIS and events[1].prev_hash == events[0].hash
    assert all(e.hash == e.computed_hash() for e in events)
    assert verify()[0] == 0
    # The triggers are back (on SQLite the new columns rebuilt the table, which drops its triggers).
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditevent SET message = 'x'")
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_auditevent")
    assert record(None, AuditAction.LOGIN, username="new").prev_hash == events[-1].hash


# ---------------------------------------------------------------- retention and purge


def old_log():
    """Events of January 2025, September 2025 and today (15 June 2026)."""
    with time_machine.travel(at(2025, 1, 10), tick=False):
        january = write(3)
    with time_machine.travel(at(2025, 9, 1), tick=False):
        september = write(2)
    with time_machine.travel(TODAY, tick=False):
        today = write(1)
    return january, september, today


@pytest.mark.django_db
def test_the_retention_rule_is_twelve_months_by_default_and_never_below_six():
    rule = RULES["audit_retention_months"]
    assert rule.default == 12
    assert rule.parse("6") == 6
    with pytest.raises(ValidationError, match="须在6至120之间"):
        rule.parse("5")


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("before, message", [
    ("2026-03-01", "审计日志至少保留6个月（《网络安全法》第二十一条）"),
    ("2025-12-16", "审计日志至少保留6个月"),
    ("2025-10-01", "本地规则“审计日志保留期（月）”为12个月"),
])
def test_a_purge_younger_than_the_retention_is_refused(before, message):
    write(2)
    with pytest.raises(CommandError, match=message):
        purge("--before", before, "--yes")
    assert AuditEvent.objects.count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_PURGE).exists()


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_a_purge_younger_than_six_months_is_refused_even_when_the_rule_says_less():
    org = Org.objects.create(code="c1", name="测试县", kind="government")
    LocalRule.objects.create(org=org, key="audit_retention_months", value="3")  # stored past the form: not in force
    with pytest.raises(CommandError, match="至少保留6个月"):
        purge("--before", "2026-01-01", "--yes")


@pytest.mark.django_db
def test_a_purge_with_a_date_that_is_not_a_date_is_refused():
    with pytest.raises(CommandError, match="不是有效日期"):
        purge("--before", "2025-13-01", "--yes")


@pytest.mark.django_db
def test_a_purge_is_audited_and_verify_still_passes_after_it():
    january, september, today = old_log()
    with time_machine.travel(TODAY, tick=False):
        out = purge("--yes")  # the default: 12 months back, so before 2025-06-15
    assert "将删除早于2025-06-15的审计日志3条" in out and "已删除3条" in out
    kept = list(AuditEvent.objects.order_by("id"))
    assert [e.pk for e in kept[:3]] == [e.pk for e in september + today]
    event = kept[-1]
    assert event.action == AuditAction.AUDIT_PURGE and event.username == "命令行"
    assert "清理审计日志3条（2025-01-10至2025-01-10，早于2025-06-15；保留期12个月）" == event.message
    assert event.detail["count"] == 3 and event.detail["before"] == "2025-06-15"
    assert (event.detail["first_id"], event.detail["last_id"]) == (january[0].pk, january[-1].pk)
    assert event.detail["cut_hash"] == january[-1].hash == kept[0].prev_hash
    code, out = verify()
    assert code == 0 and out.startswith("审计日志完整：4条")


@pytest.mark.django_db
def test_a_second_purge_that_removes_the_first_purge_event_keeps_the_chain_verifiable():
    old_log()
    org = Org.objects.create(code="c1", name="测试县", kind="government")
    LocalRule.objects.create(org=org, key="audit_retention_months", value="6")
    with time_machine.travel(TODAY, tick=False):
        purge("--before", "2025-06-01", "--yes")  # January goes
        purge("--yes")  # six months: September goes too
    code, out = verify()
    assert code == 0 and out.startswith("审计日志完整：3条")
    with time_machine.travel(at(2027, 1, 10), tick=False):
        write(1)
        purge("--yes")  # before 2026-07-10: today's event and both purge events go
    kept = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in kept] == [AuditAction.LOGIN, AuditAction.AUDIT_PURGE]
    assert verify()[1].startswith("审计日志完整：2条")


@pytest.mark.django_db
def test_the_longest_retention_any_unit_sets_wins():
    old_log()
    county_org = Org.objects.create(code="c1", name="测试县", kind="government")
    town = Org.objects.create(code="c1-t1", name="测试镇", kind="township", parent=county_org)
    LocalRule.objects.create(org=county_org, key="audit_retention_months", value="6")
    LocalRule.objects.create(org=town, key="audit_retention_months", value="24")
    with time_machine.travel(TODAY, tick=False), pytest.raises(CommandError, match="为24个月"):
        purge("--before", "2025-06-01", "--yes")
    assert AuditEvent.objects.count() == 6


@pytest.mark.django_db
def test_an_older_event_written_after_a_newer_one_stays_so_that_the_chain_stays_whole():
    with time_machine.travel(at(2025, 1, 10), tick=False):
        first = write(1)
    with time_machine.travel(at(2025, 9, 1), tick=False):
        newer = write(1)
    with time_machine.travel(at(2025, 1, 11), tick=False):  # a clock set back
        older = write(1)
    with time_machine.travel(TODAY, tick=False):
        purge("--yes")
    assert set(AuditEvent.objects.exclude(action=AuditAction.AUDIT_PURGE).values_list("pk", flat=True)) == {newer[0].pk, older[0].pk}
    assert not AuditEvent.objects.filter(pk=first[0].pk).exists()
    assert verify()[0] == 0


@pytest.mark.django_db
def test_a_purge_asks_first_and_deletes_nothing_unless_told_yes(monkeypatch):
    old_log()
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    with time_machine.travel(TODAY, tick=False):
        out = purge()
    assert "将删除早于2025-06-15的审计日志3条" in out and "确认删除请输入 yes" in out
    assert "已取消，未删除任何记录" in out
    assert AuditEvent.objects.count() == 6
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    with time_machine.travel(TODAY, tick=False):
        assert "已删除3条" in purge()


@pytest.mark.django_db
def test_a_purge_with_nothing_old_enough_deletes_nothing_and_writes_nothing():
    with time_machine.travel(TODAY, tick=False):
        write(2)
        assert "没有早于2025-06-15的审计日志" in purge("--yes")
    assert AuditEvent.objects.count() == 2


def test_the_purge_date_is_counted_in_calendar_months():
    from fazhi.core.audit import latest_purge_date

    assert latest_purge_date(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert latest_purge_date(date(2026, 6, 15), 3) == date(2025, 12, 15)  # never fewer than six
