"""Parts two (不足) and four (安排) are written by people; the draft offers suggestions drawn from the data —
a rising loss or correction rate, a marked rise in cases, a head-appearance rate under 100%, overdue cases
from the record checks, identities that fail — each with its basis and with references, not digits."""

from datetime import date

import pytest
import time_machine

from fazhi.litigation.choices import Result
from fazhi.reconsideration.choices import Outcome
from fazhi.reconsideration.tests.factories import bulk_cases, case_at
from fazhi.reports import builder, services, tokens
from fazhi.reports.choices import ReportPart

from .factories import cases, lawsuits, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _season():
    with time_machine.travel(date(2026, 2, 10), tick=False):
        yield


def offered(draft):
    return {s.code: s for s in builder.suggestions(draft)}


def test_a_rising_loss_rate_is_offered_as_a_shortcoming_and_a_plan(county):
    lawsuits(2024, 10, result=Result.REJECTED)
    lawsuits(2025, 7, result=Result.REJECTED)
    lawsuits(2025, 3, result=Result.REVOKED)
    draft = services.create_draft(org("demo"), 2025)
    s = offered(draft)
    short, plan = s["litigation.loss_rate"], s["litigation.loss_rate:plan"]
    assert short.part == ReportPart.SHORTCOMINGS and plan.part == ReportPart.PLANS
    assert short.text == "行政诉讼一审败诉率为{{litigation.loss_rate}}，{{litigation.loss_rate|yoy}}，部分行政机关依法行政意识和应诉能力仍需加强。"
    assert "行政诉讼败诉率 30.00%，上年 0.00%" in short.basis and "本平台登记的记录" in short.basis
    rendered = "".join(x if isinstance(x, str) else x.text for x in builder.render_segments(short.text, builder.render_draft(draft).facts | builder.evaluate_facts(builder.report_scope(draft.org, 2025), ["litigation.loss_rate"])))
    assert rendered == "行政诉讼一审败诉率为30.00%，同比上升30.00个百分点，部分行政机关依法行政意识和应诉能力仍需加强。"


def test_a_head_appearance_rate_under_100_percent_is_offered(county):
    lawsuits(2025, 3, head_appeared=True)
    lawsuits(2025, 1, head_appeared=False)
    s = offered(services.create_draft(org("demo"), 2025))
    assert s["litigation.head_appearance_rate"].text == "行政机关负责人出庭应诉率为{{litigation.head_appearance_rate}}，“应出尽出”的要求尚未完全落实。"
    assert "（3/4）" in s["litigation.head_appearance_rate"].basis


def test_a_marked_rise_in_cases_is_offered_and_a_small_one_is_not(county):
    cases(2024, 10)
    cases(2025, 12)
    s = offered(services.create_draft(org("demo"), 2025))
    assert "reconsideration.received" in s and "{{reconsideration.received|yoy}}" in s["reconsideration.received"].text
    cases(2025, 1, respondent="demo-d02")
    cases(2024, 10, respondent="demo-d02")
    d02 = offered(services.create_draft(org("demo-d02"), 2025))
    assert "reconsideration.respondent.received" not in d02  # 1 against 10: a fall


def test_overdue_cases_from_the_record_checks_are_offered_with_the_cases_named(county):
    case = case_at("accepted", org("demo-sfj"), received_on=date(2025, 3, 3), respondent_org=org("demo-d01"))
    assert case.next_due < date(2026, 2, 10)
    s = offered(services.create_draft(org("demo"), 2025))
    overdue = s["reconsideration.overdue_open"]
    assert overdue.text == "截至目前仍有行政复议案件超过法定期限未办结，案件办理时效管理有待加强。"
    assert case.case_no in overdue.basis and "1条记录" in overdue.basis
    assert s["reconsideration.overdue_open:plan"].part == ReportPart.PLANS


def test_identities_that_fail_are_offered_as_a_data_quality_shortcoming(county):
    # A decision without an acceptance date: 上年结转 + 期内受理 ≠ 审结 + 期末未审结.
    bulk_cases([dict(org=org("demo-sfj"), received_on=date(2025, 4, 1), closed_on=date(2025, 5, 1), outcome=Outcome.UPHELD)])
    s = offered(services.create_draft(org("demo"), 2025))
    assert "identities" in s
    assert "上年结转 + 期内受理 = 审结 + 期末未审结" in s["identities"].basis
    assert "统计数据尚不能完全相互印证" in s["identities"].text


def test_suggestions_are_sound_references_and_none_when_all_is_well(county):
    cases(2024, 10)
    cases(2025, 10)
    lawsuits(2024, 4)
    lawsuits(2025, 4)
    draft = services.create_draft(org("demo"), 2025)
    assert offered(draft) == {}
    lawsuits(2025, 4, result=Result.REVOKED, head_appeared=False)
    cases(2025, 5, outcome=Outcome.REVOKED)
    for s in builder.suggestions(draft):
        assert tokens.errors(s.text) == [], s.code
        assert s.title and s.basis
