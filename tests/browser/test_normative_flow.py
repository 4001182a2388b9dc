"""A normative document from draft to filing in Chromium, with the server's clock set by time_machine.

The public security bureau's liaison (``dept1``) sends a draft for legality review; the justice bureau's clerk
(``section``) receives it, asks for supplements (the review clock stops), receives them, and issues an opinion
(修改后合法, two numbered items); the liaison records the document with its consultation, review and
deliberation; the clerk registers it and the system numbers it (示公规〔2024〕1号); the liaison publishes it
and files it with the county government within the 30 days. September–October 2024, across 中秋节 and 国庆节.
Screenshots: test-artifacts/screenshots/normative-*.png."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.periods import seed_holidays
from fazhi.demo import county as demo
from fazhi.legality.models import ReviewRequest
from fazhi.normative.models import NormativeDocument

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

TZ = ZoneInfo("Asia/Shanghai")
SENT, RECEIVED, SUPPLEMENT_ASKED, SUPPLEMENT_IN = date(2024, 9, 2), date(2024, 9, 3), date(2024, 9, 5), date(2024, 9, 10)
OPINION, DRAFTED, REGISTERED, PUBLISHED, FILED = date(2024, 9, 20), date(2024, 9, 23), date(2024, 9, 24), date(2024, 9, 25), date(2024, 10, 21)


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2024, 9, 2, 9, tzinfo=TZ), tick=True) as traveller:
        yield traveller


@pytest.fixture
def calendar(county):
    seed_holidays(2024)


def workday(page, clock, day, username, url=None):
    clock.move_to(datetime(day.year, day.month, day.day, 9, tzinfo=TZ))
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.url == page.base_url + "/"
    if url:
        page.goto(url)


def step(page, name, label, fill=None):
    with page.expect_navigation():
        page.get_by_test_id("actions").locator(f'[data-transition="{name}"]').click()
    assert page.locator("h1").inner_text().strip() == label
    for selector, value in (fill or {}).items():
        if selector.startswith("select:"):
            page.select_option(selector.removeprefix("select:"), label=value)
        else:
            page.fill(selector, value)
    with page.expect_navigation():
        page.get_by_role("button", name=f"确认{label}").click()
    assert page.locator(".alert-success").filter(has_text=f"已{label}。").is_visible(), page.content()[:2000]


def facts(page):
    dts = [t.strip() for t in page.locator(".fz-dl dt").all_inner_texts()]
    dds = [t.strip() for t in page.locator(".fz-dl dd").all_inner_texts()]
    return dict(zip(dts, dds, strict=True))


def deadline(page):
    return re.sub(r"\s+", "", page.get_by_test_id("next-deadline").inner_text())


def test_a_draft_is_reviewed_numbered_published_and_filed(page, county, calendar, clock):
    # ---- the liaison sends the draft
    workday(page, clock, SENT, "dept1")
    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="合法性审查").click()
    with page.expect_navigation():
        page.get_by_role("link", name="新增").click()
    page.select_option("#id_kind", label="规范性文件草案")
    page.fill("#id_title", "示范县公安局电动自行车登记管理办法（送审稿）")
    page.fill("#id_legal_basis", "《中华人民共和国道路交通安全法》《浙江省电动自行车管理条例》")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    review = ReviewRequest.objects.get()
    review_url = f"{page.base_url}/legality/reviews/{review.pk}/"
    assert page.url == review_url
    assert (review.review_no, review.org.code, review.submitting_org.code, review.submitted_on) == ("示司合审〔2024〕1号", "demo-sfj", "demo-d01", SENT)
    assert facts(page)["状态"] == "已送审（待接收）"
    # The liaison may withdraw, not review.
    assert page.get_by_test_id("actions").locator("a").all_inner_texts() == ["撤回送审"]
    shot(page, "normative-01-sent")

    # ---- the bureau receives it: 15 working days (Sat 14 Sep is a make-up day; 15–17 Sep 中秋节)
    workday(page, clock, RECEIVED, "section", review_url)
    step(page, "receive", "接收")
    assert deadline(page).startswith("出具审查意见：2024年9月25日")
    workday(page, clock, SUPPLEMENT_ASKED, "section", review_url)
    step(page, "request_supplement", "要求补充材料", {"#id_items": "请补充起草说明和公开征求意见采纳情况。"})
    assert page.get_by_test_id("supplement").is_visible() and page.get_by_test_id("next-deadline").count() == 0
    shot(page, "normative-02-supplement")
    workday(page, clock, SUPPLEMENT_IN, "section", review_url)
    step(page, "receive_supplement", "收到补充材料")
    # 6, 9 and 10 Sep did not count: the deadline moves three working days, to Sun 29 Sep (a make-up day).
    assert deadline(page).startswith("出具审查意见：2024年9月29日")

    # ---- the opinion, with two numbered items
    workday(page, clock, OPINION, "section", review_url)
    step(page, "issue", "出具审查意见", {"select:#id_conclusion": "修改后合法", "#id_summary": "修改后合法。",
                                          "#id_items": "第八条设定罚款超出上位法规定，应予删除。\n第十二条应明确救济途径。"})
    assert page.get_by_test_id("opinion-items").locator("li").all_inner_texts() == ["第八条设定罚款超出上位法规定，应予删除。", "第十二条应明确救济途径。"]
    review.refresh_from_db()
    assert (review.state, review.conclusion, review.review_working_days) == ("issued", "lawful_if_amended", 9)
    shot(page, "normative-03-opinion")

    # ---- the liaison records the document
    workday(page, clock, DRAFTED, "dept1", page.base_url + "/normative/documents/new/")
    page.fill("#id_title", "示范县公安局电动自行车登记管理办法")
    page.select_option("#id_issuer", label="示范县公安局")
    page.fill("#id_consultation_start", "2024-07-01")
    page.fill("#id_consultation_end", "2024-08-05")
    page.select_option("#id_legality_review", label=str(review))
    page.fill("#id_deliberation_meeting", "局党委会议")
    page.fill("#id_deliberated_on", DRAFTED.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    doc = NormativeDocument.objects.get()
    doc_url = f"{page.base_url}/normative/documents/{doc.pk}/"
    assert page.url == doc_url and doc.state == "drafting" and doc.document_no is None

    # ---- the bureau registers it: the number is the system's
    workday(page, clock, REGISTERED, "section", doc_url)
    step(page, "register", "登记编号")
    assert page.get_by_test_id("document-no").inner_text().strip() == "示公规〔2024〕1号"
    shot(page, "normative-04-registered")

    # ---- published, then filed with the county government within 30 days (25 Sep + 30 = Fri 25 Oct)
    workday(page, clock, PUBLISHED, "dept1", doc_url)
    step(page, "publish", "公布", {"#id_publication_medium": "示范县人民政府门户网站"})
    filings = page.get_by_test_id("filings").locator("tbody tr td").all_inner_texts()
    assert filings[:4] == ["示范县人民政府", "2024-10-25", "—", "—"]
    f = facts(page)
    assert (f["效力状态"], f["有效期（年）"], f["有效期届满日期"]) == ("有效", "5", "2029-09-24")
    workday(page, clock, FILED, "dept1")
    todos = page.locator("body").inner_text()
    assert "示公规〔2024〕1号：报示范县人民政府备案" in todos
    page.goto(doc_url)
    step(page, "file", "报送备案")
    assert page.get_by_test_id("filings").locator("tbody tr td").all_inner_texts()[:4] == ["示范县人民政府", "2024-10-25", "2024-10-21", "是"]
    doc.refresh_from_db()
    assert (doc.state, doc.status, doc.filed_on, doc.filed_on_time) == ("published", "effective", FILED, True)
    shot(page, "normative-05-filed")

    with page.expect_navigation():
        page.locator("nav.fz-sidebar").get_by_role("link", name="规范性文件", exact=True).click()
    assert page.get_by_test_id("row-count").inner_text().strip() == "共 1 条"
    shot(page, "normative-06-list")
