"""The report calendar: which of the county's units (government, departments, townships) have drafted or
frozen their report, against the local rules' dates — departments and townships by 1 March
(``report_department_due``), publication by 1 April (``report_publish_due``, 督察工作规定 Art. 24) — with
overdue units flagged, and a local override of the dates honoured."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import LocalRule, Org
from fazhi.reports import services

from .factories import org

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def county_orgs():
    return list(Org.objects.subtree(org("demo")))


def fill_and_freeze(draft):
    for b in draft.blocks.filter(level="paragraph", text=""):
        b.text = "已填写。"
        b.save()
    return services.freeze(draft)


def test_units_dates_and_states_against_the_local_rules(county):
    with time_machine.travel(datetime(2026, 2, 20, 9, tzinfo=TZ), tick=True):
        fill_and_freeze(services.create_draft(org("demo-d01"), 2025))
        services.create_draft(org("demo-d02"), 2025)
    with time_machine.travel(datetime(2026, 3, 5, 9, tzinfo=TZ), tick=True):
        fill_and_freeze(services.create_draft(org("demo-d03"), 2025))
        rows = {r.org.code: r for r in services.report_calendar(county_orgs(), 2025)}
    assert len(rows) == 1 + 1 + 15 + 10  # government, bureau, departments, townships; no stations
    assert list(rows)[:2] == ["demo", "demo-sfj"]
    gov, d01, d02, d03, t01 = rows["demo"], rows["demo-d01"], rows["demo-d02"], rows["demo-d03"], rows["demo-t01"]
    assert (gov.submit_due, gov.publish_due) == (date(2026, 4, 1), date(2026, 4, 1))
    assert (d01.submit_due, d01.publish_due) == (date(2026, 3, 1), date(2026, 4, 1))
    assert t01.submit_due == date(2026, 3, 1)
    assert (gov.status, gov.overdue) == ("未起草", False)  # 5 March: the government has until 1 April
    assert (d01.status, d01.overdue, d01.late) == ("已定稿（第1版）", False, False)
    assert (d02.status, d02.overdue) == ("起草中", True)
    assert (d03.overdue, d03.late) == (False, True)  # frozen, but after 1 March
    assert (t01.status, t01.overdue) == ("未起草", True)
    with time_machine.travel(datetime(2026, 4, 2, 9, tzinfo=TZ)):
        assert services.report_calendar([org("demo")], 2025)[0].overdue


def test_a_local_rule_moves_the_departments_date(county):
    LocalRule.objects.create(org=org("demo"), key="report_department_due", value="02-15", basis="示范县法治督察工作办法第十条")
    rows = {r.org.code: r for r in services.report_calendar(county_orgs(), 2025, today=date(2026, 2, 20))}
    assert rows["demo-d05"].submit_due == date(2026, 2, 15) and rows["demo-d05"].overdue
    assert rows["demo"].submit_due == date(2026, 4, 1) and not rows["demo"].overdue


def test_the_bureau_sees_every_unit_with_the_overdue_ones_flagged(county, cast, login):
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=TZ), tick=True):
        services.create_draft(org("demo-d02"), 2025)
        page = login(cast["bureau"]).get("/reports/calendar/?year=2025").content.decode()
    assert page.count("<tr class=") == 27
    assert page.count('data-testid="overdue"') == 26  # every department and township; not the government (1 April)
    assert '<div class="fs-4 fw-bold text-danger" data-testid="overdue-count">26</div>' in page
    assert "示范县人民政府" in page and "示范县白沙乡人民政府" in page and "起草中" in page
