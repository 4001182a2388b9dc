"""A new draft is written from the records: the five statutory parts in order; part one by the ledger's
themes, each drawn from that theme's entries of the year (highlights first) and the indicator paragraphs;
numbers as references, clauses with nothing to count left out, year-on-year phrases only where a prior value
exists (and saying whether it came from the records or a baseline)."""

import re
from datetime import date

import pytest
import time_machine

from fazhi.indicators.models import Baseline
from fazhi.litigation.choices import Result
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.reconsideration.choices import Outcome
from fazhi.reports import builder, services, tokens
from fazhi.reports.choices import BlockLevel, ReportPart

from .factories import cases, entry, lawsuits, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _season():
    with time_machine.travel(date(2026, 2, 10), tick=False):
        yield


def texts(draft, **filters):
    return list(draft.blocks.filter(**filters).order_by("position").values_list("text", flat=True))


def test_the_five_parts_come_in_statutory_order_with_their_headings(county):
    draft = services.create_draft(org("demo"), 2025)
    parts = list(dict.fromkeys(draft.blocks.order_by("position").values_list("part", flat=True)))
    assert parts == [ReportPart.PREAMBLE, ReportPart.MEASURES, ReportPart.SHORTCOMINGS, ReportPart.PRINCIPAL_DUTY, ReportPart.PLANS, ReportPart.OTHER]
    headings = texts(draft, level=BlockLevel.HEADING1)
    assert headings == [
        "一、2025年推进法治政府建设的主要举措和成效",
        "二、2025年推进法治政府建设存在的不足和原因",
        "三、2025年党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "四、2026年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    assert texts(draft, part=ReportPart.SHORTCOMINGS, level=BlockLevel.PARAGRAPH) == [""]  # people write it
    assert texts(draft, part=ReportPart.PLANS, level=BlockLevel.PARAGRAPH) == [""]
    assert texts(draft, part=ReportPart.OTHER, level=BlockLevel.PARAGRAPH) == ["无。"]
    assert draft.title == "示范县人民政府2025年法治政府建设年度报告" and draft.issuer == "示范县人民政府"
    assert draft.issue_date == date(2026, 4, 1)
    department = services.create_draft(org("demo-d01"), 2025)
    assert texts(department, level=BlockLevel.HEADING1)[2].startswith("三、2025年主要负责人履行")
    assert department.issue_date == date(2026, 3, 1)


def test_part_one_follows_the_ledger_themes_highlights_first(county):
    entry("demo", date(2025, 3, 1), ReportSection.OVERALL, "印发年度工作要点")
    entry("demo", date(2025, 9, 1), ReportSection.OVERALL, "命名为省级法治政府建设示范县", highlight=True)
    entry("demo", date(2025, 5, 1), ReportSection.PUBLICITY, "开展民法典宣传月", "举办讲座46场")
    entry("demo-d02", date(2025, 6, 1), ReportSection.ENFORCEMENT, "推行柔性执法", highlight=True)  # a department's highlight
    entry("demo-d02", date(2025, 6, 2), ReportSection.ENFORCEMENT, "部门日常培训")  # not a highlight: the department's own report
    entry("demo", date(2024, 6, 1), ReportSection.DECISION, "上一年度的事项")
    entry("demo", date(2025, 3, 20), ReportSection.PRINCIPAL_DUTY, "县长述法", kind=EntryKind.LAW_REPORT, leader="县长 周建明")
    entry("demo", date(2025, 4, 1), ReportSection.OTHER, "公开政府信息公开年报")
    draft = services.create_draft(org("demo"), 2025)
    part_one = [(b.level, b.text) for b in draft.blocks.filter(part=ReportPart.MEASURES).order_by("position")]
    assert part_one[0] == (BlockLevel.HEADING1, "一、2025年推进法治政府建设的主要举措和成效")
    H2, P = BlockLevel.HEADING2, BlockLevel.PARAGRAPH
    assert [level for level, _ in part_one[1:]] == [H2, P, P, H2, P, H2, P]
    assert [text for level, text in part_one if level == H2] == ["（一）统筹推进法治政府建设", "（二）严格规范公正文明执法", "（三）法治宣传教育"]
    # The highlight first, then by date; each entry is "N是{title}。{text}" (the text not repeating the title).
    assert part_one[2][1] == "一是命名为省级法治政府建设示范县。取得积极成效。"
    assert part_one[3][1] == "二是印发年度工作要点。取得积极成效。"
    assert part_one[5][1] == "一是推行柔性执法。取得积极成效。"  # a department's highlight in the county's report
    assert part_one[7][1] == "一是开展民法典宣传月。举办讲座46场。"
    assert "部门日常培训" not in " ".join(t for _, t in part_one) and "上一年度的事项" not in " ".join(t for _, t in part_one)
    assert texts(draft, part=ReportPart.PRINCIPAL_DUTY, level=BlockLevel.PARAGRAPH) == ["一是县长述法。取得积极成效。"]
    assert texts(draft, part=ReportPart.OTHER, level=BlockLevel.PARAGRAPH)[0].startswith("一是公开政府信息公开年报。")
    sources = set(draft.blocks.exclude(source="").values_list("source", flat=True))
    assert all(re.fullmatch(r"oversight\.ledgerentry:\d+", s) for s in sources)
    # The department's own report has its own entries, highlight or not.
    mine = " ".join(texts(services.create_draft(org("demo-d02"), 2025)))
    assert "推行柔性执法" in mine and "部门日常培训" in mine and "命名为省级" not in mine


def test_indicator_paragraphs_are_references_and_leave_out_what_is_zero(county):
    cases(2025, 8, outcome=Outcome.UPHELD)
    cases(2025, 2, outcome=Outcome.REVOKED)
    lawsuits(2025, 4, result=Result.REJECTED)
    lawsuits(2025, 1, result=Result.REVOKED)
    draft = services.create_draft(org("demo"), 2025)
    disputes = texts(draft, section=ReportSection.DISPUTES, level=BlockLevel.PARAGRAPH)
    recon, lit = disputes
    assert recon.startswith("一是发挥行政复议化解行政争议主渠道作用。全年共收到行政复议申请{{reconsideration.received}}，受理{{reconsideration.accepted}}。")
    assert "其中维持{{reconsideration.upheld}}、撤销{{reconsideration.revoked}}。" in recon
    assert "不予受理" not in recon and "终止" not in recon  # nothing refused, nothing terminated
    assert "|yoy" not in recon  # no records of 2024, no baseline: nothing to compare with
    assert lit.startswith("二是提升行政应诉工作水平。全年收到一审行政诉讼案件{{litigation.received}}；一审审结{{litigation.closed_first_instance}}，败诉{{litigation.lost}}，败诉率{{litigation.loss_rate}}。")
    assert "部门及乡镇（街道）作为被告的一审案件审结{{litigation.closed_first_instance.departments}}" in lit
    assert "县政府单独作为被告" not in lit
    for text in disputes:
        assert not re.search(r"\d", tokens.TOKEN_RE.sub("", text))  # every figure is a reference
        assert tokens.errors(text) == []
    rendered = builder.render_draft(draft)
    shown = [b.text for b in rendered.blocks if b.section == ReportSection.DISPUTES and b.level == BlockLevel.PARAGRAPH]
    assert "全年共收到行政复议申请10件，受理10件。审结10件，其中维持8件、撤销2件。直接纠错2件，直接纠错率20.00%" in shown[0]
    assert "败诉1件，败诉率20.00%" in shown[1]


def test_year_on_year_comes_from_the_records_or_else_from_a_baseline_and_says_which(county):
    cases(2025, 12)
    cases(2024, 10)
    draft = services.create_draft(org("demo"), 2025)
    recon = texts(draft, section=ReportSection.DISPUTES, level=BlockLevel.PARAGRAPH)[0]
    assert "{{reconsideration.received}}，{{reconsideration.received|yoy}}" in recon
    fact = builder.render_draft(draft).facts["reconsideration.received"]
    assert (fact.previous, fact.previous_source, fact.change, fact.render("yoy")) == (10, "records", "增长2件、20.0%", "同比增长2件、20.0%")
    assert fact.render("prev") == "10件" and fact.source_note() == "上年数据来自本平台登记的记录"
    # Lawsuits have no 2024 records here; a published 2024 figure stands in.
    lawsuits(2025, 6)
    Baseline.objects.create(org=org("demo"), year=2024, key="litigation.received", value=4, source="《示范县2024年法治政府建设年度报告》")
    rebuilt = services.rebuild_draft(draft)
    lit = texts(rebuilt, section=ReportSection.DISPUTES, level=BlockLevel.PARAGRAPH)[1]
    assert "{{litigation.received}}，{{litigation.received|yoy}}" in lit
    fact = builder.render_draft(rebuilt).facts["litigation.received"]
    assert (fact.previous_source, fact.render("yoy")) == ("baseline", "同比增长2件、50.0%")
    assert "《示范县2024年法治政府建设年度报告》" in fact.source_note()


def test_a_department_writes_of_its_own_cases(county):
    cases(2025, 3, respondent="demo-d01", outcome=Outcome.REVOKED)
    cases(2025, 5, respondent="demo-d02")
    lawsuits(2025, 2, defendant="demo-d01", result=Result.REVOKED)
    lawsuits(2025, 3, defendant="demo-d02")
    d01 = services.create_draft(org("demo-d01"), 2025)
    recon, lit = texts(d01, section=ReportSection.DISPUTES, level=BlockLevel.PARAGRAPH)
    assert recon.startswith("一是依法做好行政复议答复和复议决定履行工作。全年以本单位为被申请人的行政复议申请{{reconsideration.respondent.received}}")
    assert "被直接纠错{{reconsideration.respondent.corrected}}，被纠错率{{reconsideration.respondent.correction_rate}}" in recon
    assert lit.startswith("二是提升行政应诉工作水平。全年收到以本单位为被告的一审行政诉讼案件{{litigation.received}}")
    facts = builder.render_draft(d01).facts
    assert facts["reconsideration.respondent.received"].value == 3 and facts["reconsideration.respondent.correction_rate"].display == "100.00%"
    assert facts["litigation.received"].value == 2 and facts["litigation.lost"].value == 2
    quiet = services.create_draft(org("demo-t05"), 2025)
    assert texts(quiet, section=ReportSection.DISPUTES, level=BlockLevel.PARAGRAPH) == [
        "一是依法做好行政复议答复和复议决定履行工作。全年没有以本单位为被申请人的行政复议案件。",
        "二是提升行政应诉工作水平。全年没有以本单位为被告的行政诉讼案件。",
    ]


def test_only_reporting_units_and_begun_years_get_a_draft(county):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="只有县政府、县直部门和乡镇"):
        services.create_draft(org("demo-s01"), 2025)
    with pytest.raises(ValidationError, match="已经开始的年度"):
        services.create_draft(org("demo"), 2027)
    services.create_draft(org("demo"), 2025)
    with pytest.raises(ValidationError, match="已经存在"):
        services.create_draft(org("demo"), 2025)
