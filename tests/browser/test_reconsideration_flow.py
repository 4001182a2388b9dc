"""One administrative reconsideration case (行政复议案件) taken through its whole workflow in Chromium, with
the server's clock set by time_machine so that every statutory deadline can be checked on the page.

The clerk (``section``, 行政复议与应诉科) works on the days a county office would, from September to
December 2024 — across 国庆节 (with its make-up working days 9-29 and 10-12) and 元旦. Each working day
she signs in afresh (the 30-minute idle timeout and the 12-hour session are real time too), so the forms'
default date is the server's "today" and the deadline banner's 剩余N天 is counted from it:

intake (oral, refused without its 口头申请笔录) → 通知补正 → 收到补正材料 → 受理 (简易程序 with a reason that
does not fit: refused; then 普通程序) → 发送申请书副本 → 收到被申请人答复 → 中止 → 恢复审理 → 作出复议决定
(撤销) → 送达; then the 办理记录 panel, the 修改记录 tab and the list. Finally a 司法所 user cannot reach it.

Every deadline is computed twice in the test — with ``due_date`` and by hand (the literal dates below) —
and compared with the page and the database. Screenshots: test-artifacts/screenshots/recon-*.png."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from fazhi.core.models.workflow import TransitionLog
from fazhi.core.periods import due_date, seed_holidays
from fazhi.reconsideration.choices import Procedure, State
from fazhi.reconsideration.models import ReconsiderationCase

from .conftest import shot
from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)

TZ = ZoneInfo("Asia/Shanghai")
WD, CAL = "working_days", "calendar_days"

# The clerk's working days (all Mon–Fri, none a holiday).
RECEIVED = date(2024, 9, 26)  # Thu: oral application, recorded on the spot
AMENDMENT_NOTICE = date(2024, 9, 27)  # Fri: 通知补正
SUPPLEMENT = date(2024, 10, 10)  # Thu: 收到补正材料
ACCEPTED = date(2024, 10, 14)  # Mon: 受理（普通程序）
COPY_SENT = date(2024, 10, 18)  # Fri: 发送申请书副本
REPLY = date(2024, 10, 29)  # Tue: 收到被申请人答复
SUSPENDED = date(2024, 11, 1)  # Fri: 中止
RESUMED = date(2024, 11, 20)  # Wed: 恢复审理 (19 days stopped)
DECIDED = date(2024, 12, 20)  # Fri: 作出复议决定（撤销）
SERVED = date(2024, 12, 24)  # Tue: 送达


@pytest.fixture
def clock():
    """The server's (and this process's) clock, from 2024-09-26 10:00 in 示范县; it keeps ticking."""
    with time_machine.travel(datetime(2024, 9, 26, 10, tzinfo=TZ), tick=True) as traveller:
        yield traveller


@pytest.fixture
def calendar(county):
    for year in (2024, 2025):
        seed_holidays(year)


def workday(page, clock, day, url=None):
    """Move the clock to 9:00 on ``day``, sign in as the clerk (yesterday's session has expired) and open
    ``url`` (the case)."""
    clock.move_to(datetime(day.year, day.month, day.day, 9, tzinfo=TZ))
    login(page, "section")
    if url:
        page.goto(url)


def cn(d):
    return f"{d.year}年{d.month}月{d.day}日"


def banner(page):
    """The detail page's next-deadline banner as (label, date text, remaining text); None when absent."""
    box = page.get_by_test_id("next-deadline")
    if box.count() == 0:
        return None
    text = re.sub(r"\s+", "", box.inner_text())
    m = re.fullmatch(r"(.+?)：(\d{4}年\d{1,2}月\d{1,2}日)(.+)", text)
    assert m, f"unexpected banner text: {text!r}"
    return m.groups()


def assert_banner(page, label, due, today):
    assert banner(page) == (label, cn(due), f"剩余{(due - today).days}天"), banner(page)


def facts(page):
    """The detail page's 字段 → 值 (only filled fields are shown)."""
    dts = [t.strip() for t in page.locator(".fz-dl dt").all_inner_texts()]
    dds = [t.strip() for t in page.locator(".fz-dl dd").all_inner_texts()]
    return dict(zip(dts, dds, strict=True))


def actions(page):
    return [t.strip() for t in page.get_by_test_id("actions").locator("a").all_inner_texts()]


def open_transition(page, name, label, today):
    """Click a 办理 button; its form opens, dated today (the server's today)."""
    with page.expect_navigation():
        page.get_by_test_id("actions").locator(f'[data-transition="{name}"]').click()
    assert page.locator("h1").inner_text().strip() == label
    assert page.input_value("#id_on") == today.isoformat(), "the form's date is not the server's today"


def submit(page, label):
    """Submit a transition form; return the response of the page it lands on."""
    with page.expect_navigation() as nav:
        page.get_by_role("button", name=f"确认{label}").click()
    return nav.value


def done(page, label, detail_url):
    assert page.url == detail_url, page.url
    assert page.locator(".alert-success").filter(has_text=f"已{label}。").is_visible()


def test_section_staff_takes_a_case_from_oral_application_to_service(page, county, calendar, clock):
    case_qs = ReconsiderationCase.objects.all()

    # The clock is travelled in this process; the live server's thread shares it: every transition form
    # below opens dated with the server's today, and the banners' 剩余N天 are counted from it.
    workday(page, clock, RECEIVED)
    assert timezone.localdate() == RECEIVED
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="行政复议").click()
    assert page.locator("h1").inner_text().strip() == "行政复议案件"
    with page.expect_navigation():
        page.get_by_role("link", name="新增").click()
    assert page.locator("h1").inner_text().strip() == "新增行政复议案件"

    # ---- intake: an oral application without its 笔录 is refused, nothing is written
    page.select_option("#id_channel", label="口头")
    page.fill("#id_received_on", RECEIVED.isoformat())
    page.select_option("#id_respondent_org", label="示范县公安局")
    page.fill("#id_act", "对申请人作出罚款五千元的行政处罚决定")
    page.fill("#id_act_no", "示公（治）行罚决字〔2024〕0815号")
    page.select_option("#id_act_kind", label="行政处罚")
    page.select_option("#id_area", label="公安")
    page.fill("#id_amount", "5000")
    page.fill("#id_requests", "请求撤销该行政处罚决定。")
    page.fill("#id_applicant_name", "张建军")
    page.fill("#id_applicant_id_number", "330723197804123024")
    page.fill("#id_applicant_phone", "13905791234")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="保存").click()
    assert nav.value.status == 400
    assert page.locator(".alert-danger").filter(has_text="请改正下列标红的内容后再保存").is_visible()
    error = page.locator(".fz-invalid").filter(has=page.locator("#id_oral_record")).locator(".fz-field-error")
    assert error.inner_text().strip() == "口头申请的，应当场制作笔录（行政复议法第二十二条）。"
    assert not case_qs.exists()
    shot(page, "recon-01-intake-refused")

    page.fill("#id_oral_record", "申请人张建军于2024年9月26日到局口头申请行政复议，称其不服示范县公安局罚款五千元的处罚决定，请求撤销。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    case = case_qs.get()
    detail_url = f"{page.base_url}/reconsideration/{case.pk}/"
    assert page.url == detail_url
    assert case.case_no == "示司复〔2024〕1号" and case.org.code == "demo-sfj" and case.created_by.username == "section"
    assert page.locator("h1").inner_text().startswith("示司复〔2024〕1号")
    f = facts(page)
    assert f["状态"] == "收到待审查" and f["申请方式"] == "口头" and f["收到申请日期"] == "2024-09-26"
    assert f["被申请人"] == "示范县公安局" and f["涉案金额（元）"] == "5,000.00"
    assert f["申请人"] == "张*军"  # personal information is masked on the page
    # 受理审查期限: 5 working days after receipt — 9-27, 9-29 (Sunday, 调休上班), 9-30, [国庆 10-1…10-7], 10-8, 10-9
    acceptance_due = due_date(RECEIVED, 5, WD)
    assert acceptance_due == date(2024, 10, 9)
    assert_banner(page, "受理审查期限", acceptance_due, RECEIVED)
    assert case.next_due == acceptance_due
    assert {"通知补正", "受理", "不予受理"} <= set(actions(page)) and "收到补正材料" not in actions(page)
    # the 笔录 is kept, and (being full of personal details) shown only on the audited full view
    assert page.get_by_test_id("oral-record").inner_text().strip() == "（含个人信息，已隐藏）"
    shot(page, "recon-02-intake")
    with page.expect_navigation():
        page.get_by_role("link", name="查看完整个人信息").click()
    assert page.get_by_test_id("oral-record").inner_text().startswith("申请人张建军于2024年9月26日到局口头申请行政复议")
    assert facts(page)["申请人"] == "张建军"

    # ---- 通知补正 (next day): the applicant has 10 working days, across 国庆节
    workday(page, clock, AMENDMENT_NOTICE, detail_url)
    open_transition(page, "request_amendment", "通知补正", AMENDMENT_NOTICE)
    page.fill("#id_items", "请补充提交身份证复印件及行政处罚决定书复印件。")
    shot(page, "recon-03-amendment-form")
    submit(page, "通知补正")
    done(page, "通知补正", detail_url)
    # 9-29 (调休上班), 9-30, 10-8, 10-9, 10-10, 10-11, 10-12 (调休上班), 10-14, 10-15, 10-16
    amendment_due = due_date(AMENDMENT_NOTICE, 10, WD)
    assert amendment_due == date(2024, 10, 16)
    assert facts(page)["状态"] == "补正中"
    assert_banner(page, "补正期限", amendment_due, AMENDMENT_NOTICE)
    assert "收到补正材料" in actions(page) and "受理" not in actions(page)
    shot(page, "recon-04-amendment")

    # ---- 收到补正材料: the 5-working-day examination starts again from the supplement's receipt
    workday(page, clock, SUPPLEMENT, detail_url)
    open_transition(page, "receive_amendment", "收到补正材料", SUPPLEMENT)
    submit(page, "收到补正材料")
    done(page, "收到补正材料", detail_url)
    acceptance_due = due_date(SUPPLEMENT, 5, WD)  # 10-11, 10-12 (调休上班), 10-14, 10-15, 10-16
    assert acceptance_due == date(2024, 10, 16)
    assert facts(page)["状态"] == "收到待审查"
    assert_banner(page, "受理审查期限", acceptance_due, SUPPLEMENT)
    shot(page, "recon-05-supplement")

    # ---- 受理: 简易程序 “涉及款额三千元以下” does not fit a 5,000 yuan fine — refused, nothing changes
    workday(page, clock, ACCEPTED, detail_url)
    before = case_qs.values().get()
    open_transition(page, "accept", "受理", ACCEPTED)
    assert page.get_by_test_id("current-deadline").inner_text().strip() == "当前期限：受理审查期限 2024年10月16日"
    page.select_option("#id_procedure", label="简易程序")
    page.select_option("#id_simplified_reason", label="案件涉及款额三千元以下")
    response = submit(page, "受理")
    assert response.status == 400
    assert page.get_by_test_id("transition-error").inner_text().strip() == (
        "涉案金额超过三千元（或未填写），不能以“案件涉及款额三千元以下”为由适用简易程序。"
    )
    assert page.input_value("#id_procedure") == Procedure.SIMPLIFIED  # the form keeps what was entered
    shot(page, "recon-06-accept-refused")
    assert case_qs.values().get() == before
    assert TransitionLog.objects.filter(object_id=case.pk).count() == 2  # 通知补正, 收到补正材料

    # … then 普通程序: the copy goes to the respondent within 7 working days, the decision within 60 days
    page.select_option("#id_procedure", label="普通程序")
    page.select_option("#id_simplified_reason", value="")
    submit(page, "受理")
    done(page, "受理", detail_url)
    copy_due = due_date(ACCEPTED, 7, WD)  # 10-15 … 10-23
    assert copy_due == date(2024, 10, 23)
    decision_due = due_date(ACCEPTED, 60, CAL)
    assert decision_due == date(2024, 12, 13)  # a Friday: no rolling
    f = facts(page)
    assert f["状态"] == "审理中" and f["程序"] == "普通程序" and f["受理日期"] == "2024-10-14" and f["受理方式"] == "决定受理"
    assert "适用简易程序理由" not in f
    assert f["决定期限"] == decision_due.isoformat()
    assert_banner(page, "发送申请书副本", copy_due, ACCEPTED)
    shot(page, "recon-07-accepted")

    # ---- 发送申请书副本: now the respondent's 10-working-day reply is the next deadline
    workday(page, clock, COPY_SENT, detail_url)
    open_transition(page, "send_copy", "发送申请书副本", COPY_SENT)
    submit(page, "发送申请书副本")
    done(page, "发送申请书副本", detail_url)
    reply_due = due_date(COPY_SENT, 10, WD)
    assert reply_due == date(2024, 11, 1)
    assert facts(page)["发送申请书副本日期"] == "2024-10-18"
    assert_banner(page, "被申请人答复", reply_due, COPY_SENT)
    assert "发送申请书副本" not in actions(page)  # already sent: no longer offered
    shot(page, "recon-08-copy-sent")

    # ---- 收到被申请人答复: the decision is the next deadline
    workday(page, clock, REPLY, detail_url)
    open_transition(page, "receive_reply", "收到被申请人答复", REPLY)
    submit(page, "收到被申请人答复")
    done(page, "收到被申请人答复", detail_url)
    assert_banner(page, "作出复议决定", decision_due, REPLY)
    shot(page, "recon-09-reply")

    # ---- 中止: the decision clock stops — no decision deadline while suspended
    workday(page, clock, SUSPENDED, detail_url)
    open_transition(page, "suspend", "中止", SUSPENDED)
    page.fill("#id_reason", "申请人因不可抗力不能参加行政复议（第三十九条第一款第五项）")
    submit(page, "中止")
    done(page, "中止", detail_url)
    f = facts(page)
    assert f["状态"] == "中止"
    assert "决定期限" not in f
    assert banner(page) is None
    suspension = page.get_by_test_id("suspension")
    assert "2024年11月1日" in suspension.inner_text() and "暂停计算" in suspension.inner_text()
    case.refresh_from_db()
    assert case.state == State.SUSPENDED and case.decision_due is None and case.next_due is None
    assert "恢复审理" in actions(page) and "作出复议决定" not in actions(page)
    shot(page, "recon-10-suspended")

    # ---- 恢复审理: 60 days from acceptance plus the 19 stopped days (11-1, 11-20] → 2025-01-01, which is
    # 元旦, so the period ends on the next working day
    workday(page, clock, RESUMED, detail_url)
    open_transition(page, "resume", "恢复审理", RESUMED)
    submit(page, "恢复审理")
    done(page, "恢复审理", detail_url)
    decision_due = due_date(ACCEPTED, 60, CAL, stops=[(SUSPENDED, RESUMED)])
    assert due_date(ACCEPTED, 60, CAL, stops=[(SUSPENDED, RESUMED)], roll=False) == date(2025, 1, 1)
    assert decision_due == date(2025, 1, 2)
    f = facts(page)
    assert f["状态"] == "审理中" and f["决定期限"] == "2025-01-02"
    assert page.get_by_test_id("suspension").count() == 0
    assert_banner(page, "作出复议决定", decision_due, RESUMED)
    case.refresh_from_db()
    assert case.decision_due == case.next_due == decision_due
    shot(page, "recon-11-resumed")

    # ---- 作出复议决定（撤销）
    workday(page, clock, DECIDED, detail_url)
    open_transition(page, "decide", "作出复议决定", DECIDED)
    page.select_option("#id_outcome", label="撤销")
    page.fill("#id_decision_no", "示司复决〔2024〕1号")
    shot(page, "recon-12-decide-form")
    submit(page, "作出复议决定")
    done(page, "作出复议决定", detail_url)
    f = facts(page)
    assert f["状态"] == "已作出决定（待送达）" and f["结案方式"] == "撤销" and f["审结日期"] == "2024-12-20"
    assert f["决定期限"] == "2025-01-02"  # kept: decided in time
    assert banner(page) is None
    assert "送达" in actions(page)
    shot(page, "recon-13-decided")

    # ---- 送达
    workday(page, clock, SERVED, detail_url)
    open_transition(page, "serve", "送达", SERVED)
    submit(page, "送达")
    done(page, "送达", detail_url)
    f = facts(page)
    assert f["状态"] == "已送达" and f["送达日期"] == "2024-12-24"
    assert banner(page) is None
    case.refresh_from_db()
    assert case.state == State.SERVED and case.next_due is None and case.closed_on_time

    # the 办理记录 panel: every step, in order, with its date and the clerk's name (the refused 受理 is not there)
    log = page.get_by_test_id("transition-log").locator("li")
    steps = [
        ("通知补正", AMENDMENT_NOTICE), ("收到补正材料", SUPPLEMENT), ("受理", ACCEPTED), ("发送申请书副本", COPY_SENT),
        ("收到被申请人答复", REPLY), ("中止", SUSPENDED), ("恢复审理", RESUMED), ("作出复议决定", DECIDED), ("送达", SERVED),
    ]
    assert log.count() == len(steps)
    for i, (label, on) in enumerate(steps):
        item = log.nth(i)
        assert item.locator("strong").inner_text().strip() == label
        assert on.isoformat() in item.inner_text() and "李敏" in item.inner_text()
    assert "请补充提交身份证复印件" in log.nth(0).inner_text()
    assert "不可抗力" in log.nth(5).inner_text()
    shot(page, "recon-14-served")

    # ---- 修改记录: who changed which field from what to what
    with page.expect_navigation():
        page.get_by_test_id("history-tab").click()
    entries = page.locator(".list-group-item")
    assert entries.count() == 1 + len(steps)  # 新增, then one change per step
    assert "新增" in entries.last.inner_text()
    latest = entries.first.locator("tbody").inner_text()
    assert "送达日期" in latest and "2024-12-24" in latest and "已送达" in latest
    history = page.locator(".list-group").inner_text()
    for field, value in (("补正通知日期", "2024-09-27"), ("收到补正材料日期", "2024-10-10"), ("受理日期", "2024-10-14"),
                         ("程序", "普通程序"), ("结案方式", "撤销"), ("决定书文号", "示司复决〔2024〕1号")):
        row = page.locator(".list-group tbody tr").filter(has_text=field).filter(has_text=value)
        assert row.count() >= 1, f"修改记录 lacks {field} → {value}"
    assert "李敏" in history
    shot(page, "recon-15-history")

    # ---- the list: the case, its state, and no deadline left
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="行政复议").click()
    headers = [h.strip() for h in page.locator("table.fz-table thead th").all_inner_texts()]
    rows = page.locator("table.fz-table tbody tr")
    assert rows.count() == 1
    cells = dict(zip(headers, [c.strip() for c in rows.first.locator("td").all_inner_texts()], strict=True))
    assert cells["案号"] == "示司复〔2024〕1号" and cells["状态"] == "已送达" and cells["结案方式"] == "撤销"
    assert cells["申请人"] == "张*军" and cells["收到申请日期"] == "2024-09-26"
    assert cells["下一期限"] == ""
    shot(page, "recon-16-list")

    # ---- a 司法所 user: the bureau's case is not there, and its URL is "not found"
    page.context.clear_cookies()
    login(page, "station1")
    response = page.goto(detail_url)
    assert response.status == 404
    page.goto(page.base_url + "/")
    menu = page.locator("nav.fz-sidebar").get_by_role("link", name="行政复议")
    if menu.count():
        with page.expect_navigation():
            menu.click()
        assert page.get_by_test_id("row-count").inner_text().strip() == "共 0 条"
        assert "示司复〔2024〕1号" not in page.content()
    shot(page, "recon-17-station1")
