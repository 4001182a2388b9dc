"""The review ledger (合法性审查台账) in Excel: a good workbook imports every row at its stage with its numbered
opinion items and review time; one bad row — including an opinion on a major decision draft before the
minimum review time — writes nothing and says row, column and what is wrong in Chinese."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.legality.choices import State
from fazhi.legality.models import OpinionItem, ReviewRequest

from .factories import ledger_row, ledger_workbook, upload

pytestmark = pytest.mark.usefixtures("holidays")

ROWS = [
    ledger_row(送审事项名称="甲 送审"),
    ledger_row(送审事项名称="乙 审查中", 接收日期="2024-03-04"),
    ledger_row(送审事项名称="丙 已出具", 送审类别="行政协议", 接收日期="2024-03-04", 审查结论="修改后合法", 出具意见日期="2024-03-08",
               审查意见条目="1. 违约责任条款不对等；2. 应明确争议解决方式"),
    ledger_row(送审事项名称="丁 撤回", 撤回日期="2024-03-05"),
]


def post(client, rows):
    return client.post("/legality/reviews/import/", {"file": upload(ledger_workbook(rows))})


def test_a_good_ledger_imports_every_item_at_its_stage(cast, login):
    r = post(login(cast["section"]), ROWS)
    assert r.status_code == 302, r.context and r.context["result"].errors
    by_title = {x.title: x for x in ReviewRequest.objects.all()}
    assert {t.split()[0]: x.state for t, x in by_title.items()} == {"甲": State.SUBMITTED, "乙": State.REVIEWING, "丙": State.ISSUED, "丁": State.WITHDRAWN}
    done = by_title["丙 已出具"]
    # 4 Mar 2024 (Mon) to 8 Mar (Fri): 5, 6, 7, 8 — four working days.
    assert (done.review_working_days, done.org.code, done.due_on) == (4, "demo-sfj", date(2024, 3, 25))
    assert list(OpinionItem.objects.filter(review=done).values_list("number", "content")) == [(1, "违约责任条款不对等"), (2, "应明确争议解决方式")]
    assert all(x.review_no.startswith("示司合审〔2024〕") for x in by_title.values())


def test_a_ledger_with_one_bad_row_writes_nothing(cast, login):
    bad = [
        *ROWS,
        ledger_row(送审事项名称="戊 决策太快", 送审类别="重大行政决策草案", 接收日期="2024-03-04", 审查结论="合法", 出具意见日期="2024-03-06"),
        ledger_row(送审事项名称="己 不合法无条目", 接收日期="2024-03-04", 审查结论="不合法", 出具意见日期="2024-03-20"),
        ledger_row(送审事项名称="庚 日期", 送审日期="2024-02-30"),
    ]
    r = post(login(cast["section"]), bad)
    assert r.status_code == 400
    errors = r.context["result"].errors
    assert (6, "出具意见日期", "重大行政决策草案的合法性审查时间一般不少于7个工作日（《重大行政决策程序暂行条例》第二十六条），"
            "本件于2024年3月4日接收，最早可于2024年3月13日出具审查意见。") in errors
    assert (7, "审查意见条目", "审查结论为“修改后合法”或“不合法”的，须逐条列明审查意见。") in errors
    assert (8, "送审日期", "“2024-02-30”不是有效日期，应为“2024-03-01”或“2024年3月1日”格式") in errors
    assert ReviewRequest.objects.count() == 0 and OpinionItem.objects.count() == 0


def test_the_export_reads_back_with_items_and_review_time(cast, login):
    post(login(cast["section"]), ROWS)
    r = login(cast["section"]).get("/legality/reviews/export/")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    row = next(dict(zip(rows[0], x, strict=False)) for x in rows[1:] if x[rows[0].index("送审事项名称")] == "丙 已出具")
    assert (row["审查结论"], row["审查用时（工作日）"], row["审查意见条目"]) == ("修改后合法", 4, "1. 违约责任条款不对等\n2. 应明确争议解决方式")
