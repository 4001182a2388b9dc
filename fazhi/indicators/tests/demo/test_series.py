"""The engine's series for dashboards: several periods in one aggregate per model, counts grouped by a field in
one GROUP BY, and a monthly series in one GROUP BY by month — each equal to the plain counts."""

from datetime import date

import pytest

from fazhi.core.models import Org
from fazhi.indicators.dashboard import months
from fazhi.indicators.engine import Engine, Scope

R, L = "reconsideration.", "litigation."


def engine(start=date(2025, 1, 1), end=date(2025, 12, 31)):
    return Engine(Scope(Org.objects.get(code="demo")), start, end, "default")


def test_counts_over_several_years_are_one_query_per_model_and_equal_each_years_counts(demo, django_assert_num_queries):
    keys = [R + "received", R + "accepted", R + "closed", R + "corrected", L + "lost", L + "closed_first_instance"]
    periods = [(date(y, 1, 1), date(y, 12, 31)) for y in range(2021, 2027)]
    e = engine()
    with django_assert_num_queries(2):
        values, held = e.counts_over(keys, periods)
    for (start, end), got, h in zip(periods, values, held, strict=True):
        assert got == engine(start, end).counts(keys)
        assert all(h.values()) == (start.year >= 2023)


def test_grouped_counts_add_up_to_the_totals(demo, django_assert_num_queries):
    e = engine()
    keys = [L + "received", L + "lost", L + "closed_first_instance"]
    with django_assert_num_queries(1):
        groups = e.grouped_counts(keys, "defendant_org", ("defendant_org__name",))
    totals = e.counts(keys)
    for key in keys:
        assert sum(g[key] for g in groups) == totals[key]
    assert all(g["defendant_org__name"] for g in groups)
    with pytest.raises(ValueError, match="同一登记簿"):
        e.grouped_counts([R + "received", L + "received"], "org")


def test_the_monthly_series_adds_up_to_the_count(demo, django_assert_num_queries):
    e = engine()
    with django_assert_num_queries(1):
        series = e.monthly(R + "received")
    assert set(series) <= set(months(date(2025, 1, 1), date(2025, 12, 31)))
    assert sum(series.values()) == e.counts([R + "received"])[R + "received"]
    with pytest.raises(ValueError, match="不能按月分组"):
        e.monthly(R + "accepted")  # declared by a period function, not a date field
