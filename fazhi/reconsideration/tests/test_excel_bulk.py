"""The bulk import of the reconsideration ledger writes what the per-row import writes.

``ReconsiderationResource.save_rows`` bulk-inserts cases, applicants and their field history, and computes
what ``ReconsiderationCase.save()`` computes (case numbers, respondent name, stored deadlines) by hand. Both are
ORM workarounds (:mod:`fazhi.core.fastpath`), and their plain-ORM fallbacks are the reference: the same workbook
imported through ``fazhi import`` three ways — the default (bulk ``save_rows``, hand-built ``INSERT``
statements of :mod:`fazhi.core.bulk`), the bulk ``save_rows`` with :mod:`fazhi.core.bulk`'s fallback
(``bulk_create``, simple-history's ``bulk_history_create``), and ``FAZHI_PLAIN_ORM`` (``Resource.save_rows``:
the form's ``save()``, the model's ``save()``, the form's first applicant) — gives the same rows, field by field,
the same history and the same audit entries. And the bulk import's query count does not grow with every row."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core import bulk
from fazhi.core.models import AuditEvent, Org
from fazhi.reconsideration.models import Party, ReconsiderationCase
from fazhi.reconsideration.resources import ReconsiderationResource

from .factories import id_number, ledger_row, ledger_workbook
from .test_excel import STAGES

pytestmark = pytest.mark.usefixtures("holidays")

ROWS = [
    *STAGES,
    ledger_row(申请人="辛机构", **{"被申请人（其他机关）": "", "被申请人（系统机构）": "示范县公安局"}, 收到申请日期="2025-01-06"),
    ledger_row(申请人="壬口头", 申请方式="口头", 口头申请笔录="当场记录", 收到申请日期="2025-02-10", 申请人身份证号=id_number("33072619900101002"),
               **{"涉案金额（元）": "1,500.50"}, 一并请求审查规范性文件="是"),
    ledger_row(申请人="癸所办", 办理机构="demo-s01", 收到申请日期=date(2024, 12, 30), 管理领域=""),
    ledger_row(申请人="子简易", 受理日期="2025-03-03", 收到申请日期="2025-03-03", 程序="简易程序", 适用简易程序理由="案件涉及款额三千元以下"),
]

SKIP = {"id", "created_at", "updated_at"}
#: A history row's own columns that differ from one import to another (its id and time), and the ids of the rows.
HISTORY_SKIP = {"history_id", "history_date", "id", "case_id", "created_at", "updated_at"}


def snapshot(path, user):
    """Import ``path`` by ``fazhi import reconsideration`` as ``user`` in a savepoint that is rolled back; the rows
    it wrote ({case number: (case, applicants, case history, applicant history, applicant history users)}) and the
    audit entries."""
    with transaction.atomic():
        call_command("import", "reconsideration", str(path), "--user", user.username, stdout=io.StringIO())
        assert ReconsiderationCase.objects.count() == len(ROWS)
        cases = {}
        for case in ReconsiderationCase.objects.order_by("case_no"):
            fields = {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields if f.attname not in SKIP}
            parties = [{f.attname: getattr(p, f.attname) for f in p._meta.concrete_fields if f.attname not in ("id", "case_id")}
                       for p in case.parties.all()]
            history = [{f.attname: getattr(h, f.attname) for f in h._meta.concrete_fields if f.attname not in HISTORY_SKIP}
                       for h in case.history.all()]
            party_history = [{f.attname: getattr(h, f.attname) for f in h._meta.concrete_fields if f.attname not in HISTORY_SKIP | {"history_user_id"}}
                             for p in case.parties.all() for h in p.history.all()]
            assert all((h.created_at, h.updated_at) == (case.created_at, case.updated_at) for h in case.history.all())
            party_users = {h.history_user_id for p in case.parties.all() for h in p.history.all()}
            cases[case.case_no] = (fields, parties, history, party_history, party_users)
        audit = [(e.action, e.username, e.actor_id, e.org_id, e.object_type, e.object_id, e.message, e.detail)
                 for e in AuditEvent.objects.order_by("pk")]
        transaction.set_rollback(True)
    return cases, audit


def test_the_bulk_import_writes_the_rows_history_and_audit_the_per_row_import_writes(cast, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger_workbook(ROWS))
    bureau = cast["bureau"]
    settings.FAZHI_PLAIN_ORM = True
    reference, reference_audit = snapshot(path, bureau)
    settings.FAZHI_PLAIN_ORM = False
    fast, fast_audit = snapshot(path, bureau)
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "plain_orm", lambda: True)  # the bulk save_rows, with plain bulk_create
        plain_inserts, plain_inserts_audit = snapshot(path, bureau)
    assert len(reference) == len(ROWS)
    assert reference_audit and reference_audit[-1][0] == "import"
    for way, (bulk_cases, audit) in {"fast": (fast, fast_audit), "bulk_create": (plain_inserts, plain_inserts_audit)}.items():
        assert list(bulk_cases) == list(reference), way  # the same case numbers: per handling office and year, in row order
        for case_no, expected in reference.items():
            fields, parties, history, party_history, _ = bulk_cases[case_no]
            assert fields == expected[0], (way, case_no)
            assert parties == expected[1], (way, case_no)
            assert history == expected[2], (way, case_no)
            assert party_history == expected[3], (way, case_no)
        assert audit == reference_audit, way
        # The history says who imported: the cases' on every path; the applicants' on the per-row path only when
        # the import runs in a web request (simple-history's middleware), on the bulk path always.
        assert all(v[2][0]["history_user_id"] == bureau.pk for v in bulk_cases.values()), way
        assert all(v[4] == {bureau.pk} for v in bulk_cases.values()), way
    fields = {v[0]["case_no"]: v[0] for v in fast.values()}
    respondent = next(f for f in fields.values() if f["respondent_org_id"])
    assert respondent["respondent_name"] == Org.objects.get(pk=respondent["respondent_org_id"]).name


def test_the_bulk_import_does_not_query_per_row(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    counts = []
    for n in (4, 40):
        path = tmp_path / f"{n}.xlsx"
        path.write_bytes(ledger_workbook([ledger_row(申请人=f"申请人{i}", 受理日期="2024-03-04", 程序="普通程序") for i in range(n)]))
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            result = ReconsiderationResource().import_file(path, cast["bureau"])
            assert result.created == n
            assert ReconsiderationCase.objects.count() == Party.objects.count() == n
            transaction.set_rollback(True)
        counts.append(len(queries))
    # Inserts go in batches (SQLite binds at most 999 parameters per statement): a few more for ten times the rows.
    assert counts[1] < counts[0] + 8 and counts[1] < 40, counts


def test_a_choice_remembered_for_the_import_is_refused_on_every_row_that_uses_it(cast, tmp_path, settings):
    # A justice station is an org (the column's lookup finds it) but not a possible respondent (the form's
    # choices): the form refuses it; the import remembers the answer per value, and says it on both rows.
    settings.MEDIA_ROOT = tmp_path
    station = Org.objects.get(code="demo-s01").name
    rows = [
        ledger_row(申请人="甲", **{"被申请人（其他机关）": "", "被申请人（系统机构）": station}),
        ledger_row(申请人="乙", **{"被申请人（其他机关）": "", "被申请人（系统机构）": "示范县公安局"}),
        ledger_row(申请人="丙", **{"被申请人（其他机关）": "", "被申请人（系统机构）": station}),
    ]
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger_workbook(rows))
    result = ReconsiderationResource().import_file(path, cast["bureau"])
    by_row = {}
    for row, column, message in result.errors:
        by_row.setdefault(row, []).append((column, message))
    assert set(by_row) == {2, 4}
    assert by_row[2] == by_row[4]
    assert "被申请人（系统机构）" in dict(by_row[2])
    assert not ReconsiderationCase.objects.exists()
