"""One major administrative decision (重大行政决策) taken through its statutory procedures to 作出决定 in Chromium,
with the server's clock set by time_machine.

The liaison of 示范县公安局 (``dept1``), the handling unit, registers the item on 2024-03-04 and, being eager, tries
to 作出决定 at once: refused, the three procedures every item needs named with their articles, and — the item
being technical — 专家论证 too. Over the spring she records the public consultation (a first attempt of 20 days
without a reason is refused: 第十五条), the expert review, the justice bureau's legality review (chosen from the
reviews her unit sent in) and the county government's executive meeting (tried before the review: refused,
第二十五条), then 作出决定: the decision is made, marked complete, and its publication falls due 20 working days
later. Screenshots: test-artifacts/screenshots/decision-*.png."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Org
from fazhi.core.periods import due_date, seed_holidays
from fazhi.decisions.choices import ProcedureKind, State
from fazhi.decisions.models import MajorDecision

from .conftest import shot
from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)

TZ = ZoneInfo("Asia/Shanghai")
REGISTERED = date(2024, 3, 4)  # Mon
CONSULTED = date(2024, 4, 15)  # Mon: the consultation (03-11 to 04-12) is over
EXPERTS = date(2024, 5, 13)  # Mon
REVIEWED = date(2024, 6, 3)  # Mon: the bureau's opinion of 05-31 has arrived
DECIDED = date(2024, 6, 14)  # Fri: the executive meeting


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2024, 3, 4, 10, tzinfo=TZ), tick=True) as traveller:
        yield traveller


@pytest.fixture
def calendar(county):
    seed_holidays(2024)


def workday(page, clock, day, url=None):
    clock.move_to(datetime(day.year, day.month, day.day, 9, tzinfo=TZ))
    login(page, "dept1")
    if url:
        page.goto(url)


def step(page, name, label):
    with page.expect_navigation():
        page.get_by_test_id("actions").locator(f'[data-transition="{name}"]').click()
    assert page.locator("h1").inner_text().strip() == label


def submit(page, label):
    with page.expect_navigation() as nav:
        page.get_by_role("button", name=f"确认{label}").click()
    return nav.value


def checklist(page):
    """{procedure: "N次" / "尚未履行" / "—"} from the detail page's 法定程序 card."""
    out = {}
    for item in page.get_by_test_id("checklist").locator("li").all_inner_texts():
        text = re.sub(r"\s+", "", item)
        name = re.match(r"^(.+?)（", text).group(1)
        out[name] = "尚未履行" if text.endswith("尚未履行") else (re.search(r"(\d+次)$", text).group(1) if re.search(r"\d+次$", text) else "—")
    return out


def test_a_liaison_takes_a_major_decision_through_its_procedures_to_the_decision(page, county, calendar, clock):
    from fazhi.legality.models import ReviewRequest

    # ---- 2024-03-04: the item, registered through the form
    workday(page, clock, REGISTERED)
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="重大行政决策").click()
    with page.expect_navigation():
        page.get_by_role("link", name="新增").click()
    page.fill("#id_title", "示范县电动自行车停放充电管理办法")
    page.select_option("#id_category", label="重大公共政策和措施")
    assert page.input_value("#id_deciding_body") == str(Org.objects.get(code="demo").pk)  # the county government by default
    page.fill("#id_initiated_on", "2024-03-01")
    page.check("#id_technical")
    page.fill("#id_summary", "规范城区电动自行车停放和集中充电设施管理，防范火灾风险。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    decision = MajorDecision.objects.get()
    detail = f"{page.base_url}/decisions/major/{decision.pk}/"
    assert page.url == detail and decision.org.code == "demo-d01" and decision.number == "示公决策〔2024〕1号"
    assert checklist(page) == {"公众参与": "尚未履行", "专家论证": "尚未履行", "风险评估": "—", "合法性审查": "尚未履行", "集体讨论决定": "尚未履行"}
    shot(page, "decision-01-registered")

    # … and 作出决定 at once: refused, every missing procedure named with its article
    step(page, "decide", "作出决定")
    assert submit(page, "作出决定").status == 400
    assert page.get_by_test_id("transition-error").inner_text().strip() == (
        "尚未履行《重大行政决策程序暂行条例》规定的决策程序：公众参与（第十四条）、专家论证（第十九条）、合法性审查（第二十五条）、"
        "集体讨论决定（第三十条），不能作出决定。")
    shot(page, "decision-02-decide-refused")
    assert MajorDecision.objects.get().state == State.IN_PROGRESS

    # ---- 2024-04-15: the public consultation — 20 days without a reason is refused, then the real 32 days
    workday(page, clock, CONSULTED, detail)
    step(page, "record_participation", "登记公众参与")
    page.fill("#id_on", "2024-03-11")
    page.select_option("#id_participation_method", label="向社会公开征求意见")
    page.fill("#id_ended_on", "2024-03-31")
    page.fill("#id_channels", "县政府门户网站、“示范发布”政务新媒体")
    assert submit(page, "登记公众参与").status == 400
    error = page.locator(".fz-invalid").filter(has=page.locator("#id_shortened_reason")).locator(".fz-field-error")
    assert error.inner_text().strip() == "公开征求意见期限为20日，少于30日（第十五条）：因情况紧急等原因缩短期限的，须填写说明。"
    shot(page, "decision-03-consultation-too-short")
    page.fill("#id_ended_on", "2024-04-12")
    page.fill("#id_opinions_received", "57")
    page.fill("#id_opinions_adopted", "12")
    submit(page, "登记公众参与")
    assert page.url == detail
    assert checklist(page)["公众参与"] == "1次"

    # ---- 2024-05-13: the expert review
    workday(page, clock, EXPERTS, detail)
    step(page, "record_expert_review", "登记专家论证")
    page.fill("#id_on", "2024-05-10")
    page.select_option("#id_expert_method", label="论证会")
    page.fill("#id_experts", "5")
    page.fill("#id_conducted_by", "示范县决策咨询专家库专家")
    submit(page, "登记专家论证")
    assert checklist(page)["专家论证"] == "1次"

    # ---- 2024-06-03: the meeting cannot come before the legality review; the bureau's opinion is chosen
    review = ReviewRequest(org=Org.objects.get(code="demo-sfj"), kind="major_decision", title=decision.title,
                           submitting_org=decision.org, submitted_on=date(2024, 5, 17), received_on=date(2024, 5, 20),
                           state="issued", conclusion="lawful", opinion_on=date(2024, 5, 31))
    review.save()
    workday(page, clock, REVIEWED, detail)
    step(page, "record_collective_decision", "登记集体讨论")
    page.fill("#id_on", "2024-05-30")
    page.fill("#id_meeting_name", "县政府第9次常务会议")
    assert submit(page, "登记集体讨论").status == 400
    assert page.get_by_test_id("transition-error").inner_text().strip() == (
        "决策草案未经合法性审查的，不得提交决策机关讨论（第二十五条）：请先登记合法性审查。")
    page.goto(detail)
    step(page, "record_legality_review", "登记合法性审查")
    page.select_option("#id_review", label=str(review))
    shot(page, "decision-04-legality-review-form")
    submit(page, "登记合法性审查")
    assert checklist(page)["合法性审查"] == "1次"
    assert review.review_no in page.get_by_test_id("procedures").inner_text()

    # ---- 2024-06-14: the executive meeting, then the decision
    workday(page, clock, DECIDED, detail)
    step(page, "record_collective_decision", "登记集体讨论")
    page.select_option("#id_meeting_kind", label="政府常务会议")
    page.fill("#id_meeting_name", "县政府第11次常务会议")
    page.fill("#id_participants", "14")
    page.fill("#id_dissent", "一名组成人员建议对老旧小区设置过渡期，已吸收。")
    submit(page, "登记集体讨论")
    assert checklist(page) == {"公众参与": "1次", "专家论证": "1次", "风险评估": "—", "合法性审查": "1次", "集体讨论决定": "1次"}
    step(page, "decide", "作出决定")
    assert page.input_value("#id_on") == DECIDED.isoformat()
    page.fill("#id_decision_no", "示政发〔2024〕18号")
    submit(page, "作出决定")
    assert page.url == detail
    assert page.locator(".alert-success").filter(has_text="已作出决定。").is_visible()

    decision = MajorDecision.objects.get()
    publication_due = due_date(DECIDED, 20, "working_days")
    assert publication_due == date(2024, 7, 12)  # 6-17 … 7-12, no holiday in between
    assert (decision.state, decision.decided_on, decision.complete, decision.publication_due) == (State.DECIDED, DECIDED, True, publication_due)
    assert sorted(decision.procedures.values_list("kind", flat=True)) == sorted(
        [ProcedureKind.PUBLIC_PARTICIPATION, ProcedureKind.EXPERT_REVIEW, ProcedureKind.LEGALITY_REVIEW, ProcedureKind.COLLECTIVE_DECISION])
    banner = re.sub(r"\s+", "", page.get_by_test_id("next-deadline").inner_text())
    assert banner.startswith("公布决策：2024年7月12日前") and banner.endswith("剩余28天")
    log = page.get_by_test_id("transition-log").inner_text()
    assert "作出决定" in log and "县政府第11次常务会议" in log and "示政发〔2024〕18号" in log
    assert "公布" in [t.strip() for t in page.get_by_test_id("actions").locator("a").all_inner_texts()]
    shot(page, "decision-05-decided")

    # 我的待办 on the home page
    page.goto(page.base_url + "/")
    assert "示范县电动自行车停放充电管理办法：公布决策" not in page.content()  # 28 days away: not yet within the 7-day warning
    clock.move_to(datetime(2024, 7, 8, 9, tzinfo=TZ))
    login(page, "dept1")
    assert "示范县电动自行车停放充电管理办法：公布决策" in page.content()
    shot(page, "decision-06-todo")
