"""The reconsideration ledger (台账) in Excel (DESIGN.md §4.7): a bureau's workbook of cases at every stage
imports with the right states; a workbook with one bad row writes nothing and says row, column and what is
wrong in Chinese; an export opened back has one row per case, applicants masked unless the user may and
asks to see them."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.testing.helpers import exported
from fazhi.reconsideration.choices import AcceptanceKind, Outcome, Procedure, State, TerminationReason
from fazhi.reconsideration.models import Party, ReconsiderationCase

from .factories import BAD_ID, GOOD_ID, id_number, ledger_row, ledger_workbook, upload

pytestmark = pytest.mark.usefixtures("holidays")

ID2 = id_number("33072619900101002")

STAGES = [
    ledger_row(申请人="甲收到", 收到申请日期="2024-09-27"),
    ledger_row(申请人="乙不受理", 受理前办结方式="不予受理", 受理前办结日期="2024-03-05"),
    ledger_row(申请人="丙调撤", 受理前办结方式="受理前调撤", 受理前办结日期="2024-03-04"),
    ledger_row(申请人="丁审理", 申请人身份证号=ID2, 受理日期="2024-08-02", 程序="普通程序"),
    ledger_row(申请人="戊决定", 受理日期="2024-03-06", 程序="普通程序", 结案方式="撤销", 审结日期="2024-04-30", 决定书文号="示政复决〔2024〕5号"),
    ledger_row(申请人="己送达", 受理日期="2024-03-06", 程序="简易程序", 适用简易程序理由="被申请行政复议的行政行为是警告或者通报批评",
               结案方式="维持", 审结日期="2024-03-29", 决定书文号="示政复决〔2024〕6号", 送达日期="2024-04-02"),
    ledger_row(申请人="庚撤回", 受理日期="2024-03-06", 程序="普通程序", 结案方式="终止", 终止原因="和解后撤回申请", 审结日期="2024-04-10"),
]


def post(client, rows):
    return client.post("/reconsideration/import/", {"file": upload(ledger_workbook(rows))})


def test_a_good_ledger_imports_every_case_at_its_stage(cast, login):
    r = post(login(cast["bureau"]), STAGES)
    assert r.status_code == 302, r.context and r.context["result"].errors
    cases = {c.parties.get().name: c for c in ReconsiderationCase.objects.prefetch_related("parties")}
    assert {name: c.state for name, c in cases.items()} == {
        "甲收到": State.RECEIVED, "乙不受理": State.REFUSED, "丙调撤": State.RESOLVED, "丁审理": State.ACCEPTED,
        "戊决定": State.DECIDED, "己送达": State.SERVED, "庚撤回": State.DECIDED,
    }
    assert all(c.org.code == "demo-sfj" and c.case_no.startswith("示司复〔2024〕") for c in cases.values())
    assert cases["甲收到"].next_due == date(2024, 10, 10)  # the acceptance deadline, as for a case entered by hand
    assert (cases["乙不受理"].ended_before_acceptance_on, cases["乙不受理"].accepted_on) == (date(2024, 3, 5), None)
    assert (cases["丁审理"].acceptance_kind, cases["丁审理"].procedure, cases["丁审理"].decision_due) == (
        AcceptanceKind.ACCEPTED, Procedure.ORDINARY, date(2024, 10, 8))  # 08-02 + 60 = 10-01 → after 国庆节
    assert (cases["戊决定"].outcome, cases["戊决定"].closed_on) == (Outcome.REVOKED, date(2024, 4, 30))
    assert (cases["己送达"].procedure, cases["己送达"].simplified_reason, cases["己送达"].served_on) == (Procedure.SIMPLIFIED, "warning", date(2024, 4, 2))
    assert (cases["庚撤回"].outcome, cases["庚撤回"].termination_reason) == (Outcome.TERMINATED, TerminationReason.SETTLED)
    assert Party.objects.get(name="丁审理").id_number == ID2
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).detail["created"] == 7


def test_a_ledger_with_bad_rows_writes_nothing_and_lists_row_column_and_message(cast, login):
    rows = [
        ledger_row(申请人="好行"),
        ledger_row(申请人="错号", 申请人身份证号=BAD_ID),
        ledger_row(申请人="倒序", 受理日期="2024-03-10", 程序="普通程序", 结案方式="维持", 审结日期="2024-03-08"),
        ledger_row(申请人="领域", 管理领域="海关"),
        ledger_row(申请人="缺日", 受理日期="2024-03-10", 程序="普通程序", 结案方式="维持"),
        ledger_row(申请人="送达", 受理日期="2024-03-10", 程序="普通程序", 送达日期="2024-04-01"),
        ledger_row(申请人="早结", 受理前办结方式="不予受理", 受理前办结日期="2024-02-20"),
        ledger_row(申请人="无方式", 受理前办结日期="2024-03-05"),
    ]
    assert BAD_ID != GOOD_ID and len(BAD_ID) == 18 and BAD_ID[:17].isdigit()
    r = post(login(cast["bureau"]), rows)
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert errors == [
        (3, "申请人身份证号", "身份证号校验位不正确，请核对。"),
        (4, "审结日期", "审结日期不能早于受理日期。"),
        (5, "管理领域", "“海关”不存在，请填写系统中已有的管理领域"),
        (6, "审结日期", "填写了结案方式的，须填写审结日期。"),
        (7, "审结日期", "填写了送达日期的，须填写审结日期。"),
        (8, "受理前办结日期", "受理前办结日期不能早于收到申请日期。"),
        (9, "受理前办结方式", "填写了受理前办结日期的，须填写受理前办结方式。"),
    ]
    page = r.content.decode()
    assert all(message in page for _, _, message in errors)
    assert not ReconsiderationCase.objects.exists() and not Party.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.IMPORT_REJECTED).detail["errors"] == 7

    # The error workbook: the rows as uploaded, with an 错误说明 column in front.
    wb = load_workbook(io.BytesIO(b"".join(login(cast["bureau"]).get(r.context["error_url"]).streaming_content)))
    notes = [row[0] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert notes[0] is None and notes[1] == "申请人身份证号：身份证号校验位不正确，请核对。"


def test_an_export_opened_back_has_one_row_per_case_masked_unless_asked_for_by_a_pii_role(cast, login):
    assert post(login(cast["bureau"]), STAGES).status_code == 302
    cases = ReconsiderationCase.objects.order_by("case_no")

    rows = exported(login(cast["leader"]).get("/reconsideration/export/", {"unmask": "1"}))
    assert sorted(r["案号"] for r in rows) == [c.case_no for c in cases]
    by_no = {r["案号"]: r for r in rows}
    ding = by_no[Party.objects.get(name="丁审理").case.case_no]
    assert (ding["申请人"], ding["申请人身份证号"], ding["申请人联系电话"]) == ("丁*理", ID2[:6] + "********" + ID2[-4:], "139****1234")
    assert (ding["状态"], ding["受理日期"].date(), ding["程序"], ding["决定期限"].date()) == ("审理中", date(2024, 8, 2), "普通程序", date(2024, 10, 8))
    assert by_no[Party.objects.get(name="乙不受理").case.case_no]["受理前办结方式"] == "不予受理"
    assert all(GOOD_ID not in str(r.values()) and ID2 not in str(r.values()) for r in rows)

    section = login(cast["section"])
    assert all(r["申请人身份证号"] != GOOD_ID for r in exported(section.get("/reconsideration/export/")))
    full = {r["申请人"]: r for r in exported(section.get("/reconsideration/export/", {"unmask": "1"}))}
    assert (full["丁审理"]["申请人身份证号"], full["丁审理"]["申请人联系电话"]) == (ID2, "13905791234")
