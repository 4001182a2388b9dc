"""Indicators of the legality review registry: counts by kind and conclusion, opinion items, the average and
longest review time (the engine's Sum/Average/Max measures, evaluated in the same one query per model as the
counts), meeting-topic coverage, and the identities the dashboard checks."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.indicators import checks
from fazhi.indicators.engine import Engine, Scope, year_period
from fazhi.legality.models import MeetingTopic, OpinionItem

from .factories import org, review_at


def values(org_code="demo", year=2024):
    out = io.StringIO()
    call_command("indicators", "--org", org_code, "--year", str(year), "--format", "json", "--only", "legality.", stdout=out)
    return {v["key"].removeprefix("legality."): v for v in json.loads(out.getvalue())["values"]}


@pytest.fixture
def data(county):
    d1, d3 = org("demo-d01"), org("demo-d03")
    a = review_at("issued", d1, submitted_on=date(2024, 3, 1), received_on=date(2024, 3, 15), opinion_on=date(2024, 3, 20), working_days=3, conclusion="lawful")
    b = review_at("issued", d3, kind="major_decision", submitted_on=date(2024, 3, 1), received_on=date(2024, 3, 15), opinion_on=date(2024, 4, 1),
                  working_days=12, conclusion="lawful_if_amended")
    c = review_at("issued", d1, kind="administrative_contract", submitted_on=date(2024, 4, 20), received_on=date(2024, 4, 28), opinion_on=date(2024, 5, 6),
                  working_days=4, conclusion="unlawful")
    review_at("reviewing", d1)
    review_at("withdrawn", d3, kind="meeting_topic")
    review_at("issued", d1, submitted_on=date(2023, 12, 20), received_on=date(2023, 12, 21), opinion_on=date(2024, 1, 5), working_days=10)
    review_at("issued", d1, submitted_on=date(2023, 3, 1), received_on=date(2023, 3, 1), opinion_on=date(2023, 3, 3), working_days=2)
    for review, n in ((b, 3), (c, 2)):
        for i in range(1, n + 1):
            OpinionItem.objects.create(review=review, number=i, content=f"意见{i}", adopted=i == 1)
    county_gov = org("demo")
    for reviewed, review in ((True, a), (True, None), (False, None)):
        MeetingTopic.objects.create(org=county_gov, title="议题", meeting_on=date(2024, 6, 1), put_to_meeting=True, reviewed=reviewed, review=review)
    MeetingTopic.objects.create(org=county_gov, title="撤回议题", meeting_on=date(2024, 6, 1), put_to_meeting=False)
    return a, b, c


def test_counts_times_and_coverage(data):
    v = values()
    assert v["received"]["value"] == 5  # sent in 2024 (the one sent in Dec 2023 counts in 2023)
    assert (v["received.normative_document"]["value"], v["received.major_decision"]["value"], v["received.meeting_topic"]["value"]) == (2, 1, 1)
    assert v["reviewed"]["value"] == 4  # opinions issued in 2024, the December 2023 draft included
    assert (v["lawful"]["value"], v["lawful_if_amended"]["value"], v["unlawful"]["value"]) == (2, 1, 1)
    assert (v["opinion_items"]["value"], v["opinion_items_adopted"]["value"]) == (5, 2)
    assert v["review_days_total"]["value"] == 3 + 12 + 4 + 10
    assert (v["review_days_average"]["kind"], v["review_days_average"]["value"], v["review_days_average"]["decimals"]) == ("average", "7.3", 1)  # 29 / 4 = 7.25 → 7.3
    assert (v["review_days_longest"]["kind"], v["review_days_longest"]["value"]) == ("max", 12)
    assert (v["topics_put"]["value"], v["topics_reviewed"]["value"], v["topic_review_coverage"]["value"]) == (3, 2, "66.67")
    empty = values(year=2022)
    assert (empty["review_days_average"]["value"], empty["review_days_longest"]["value"], empty["review_days_total"]["value"]) == (None, None, 0)


def test_measures_share_the_one_query_per_model(data):
    engine = Engine(Scope(org("demo")), *year_period(2024))
    result = engine.evaluate(["legality.reviewed", "legality.review_days_average", "legality.review_days_longest", "legality.review_days_total"])
    assert engine.queries == 1
    assert (result["legality.review_days_average"].value, result["legality.review_days_average"].display()) == (Decimal("7.3"), "7.3个工作日")
    assert set(engine.records("legality.review_days_longest").values_list("pk", flat=True)) == set(engine.records("legality.reviewed").values_list("pk", flat=True))


def test_the_identities_hold_over_consistent_records(data):
    found = [f.rule for f in checks.run(org("demo"), *year_period(2024), today=date(2024, 9, 4)) if f.rule.startswith("legality.")]
    # the one unreviewed topic put to a meeting, and the major decision without an adviser's opinion, are findings
    assert sorted(found) == ["legality.major_decision_without_adviser", "legality.topic_unreviewed"]
