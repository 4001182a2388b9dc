"""The engine's compiled queries (:mod:`fazhi.indicators.plans`) give exactly the numbers of the plain ORM.

Every registered indicator of every registry, for the demo county, in several scopes (a subtree, a unit alone,
through a user's data scope), periods (years, a quarter, a span across years) and presets, computed through the
compiled plans (the default) and again with ``FAZHI_PLAIN_ORM`` (each queryset's own ``aggregate()`` and
iteration): the same values, of the same types, the same breakdown rows in the same order. A Django upgrade that
changes the query internals the plans read fails here, and ``FAZHI_PLAIN_ORM=1`` keeps the platform right
meanwhile (docs/architecture.md, "ORM workarounds and their fallbacks")."""

from datetime import date

import pytest

from fazhi.core.models import Org
from fazhi.indicators import plans
from fazhi.indicators.engine import Engine, Scope
from fazhi.indicators.presets import PRESETS

PERIODS = [
    (date(2024, 1, 1), date(2024, 12, 31)),
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2026, 4, 1), date(2026, 6, 30)),
    (date(2023, 7, 1), date(2025, 6, 30)),
]


def scopes(demo):
    org = {code: Org.objects.get(code=code) for code in ("demo", "demo-sfj", "demo-d01", "demo-s01")}
    return {
        "county subtree": Scope(org["demo"]),
        "bureau alone": Scope(org["demo-sfj"], subtree=False),
        "department subtree": Scope(org["demo-d01"]),
        "station alone": Scope(org["demo-s01"], subtree=False),
        "county through leader": Scope(org["demo"], True, demo["leader"]),
        "county through dept1": Scope(org["demo"], True, demo["dept1"]),
        "county through station1": Scope(org["demo"], True, demo["station1"]),
    }


def evaluated(scope, start, end, presets):
    """{key: repr of its Value}: the value with its type (int, Decimal and its digits, None), the rate's
    numerator and denominator, the breakdown's rows in their order."""
    return {key: repr(value) for key, value in Engine(scope, start, end, presets).evaluate().items()}


@pytest.fixture
def planned(monkeypatch):
    """The kinds of query ("scalars", "breakdown") that ran through a compiled plan."""
    kinds = []
    run = plans._run

    def spy(shape, *args):
        rows = run(shape, *args)
        if rows is not None:
            kinds.append(shape[0])
        return rows

    monkeypatch.setattr(plans, "_run", spy)
    return kinds


def both_ways(settings, planned, scope, start, end, presets):
    settings.FAZHI_PLAIN_ORM = False
    fast = evaluated(scope, start, end, presets)
    settings.FAZHI_PLAIN_ORM = True
    del planned[:]
    plain = evaluated(scope, start, end, presets)
    assert not planned, "FAZHI_PLAIN_ORM ran a compiled plan"
    return fast, plain


@pytest.mark.parametrize("name", ["county subtree", "bureau alone", "department subtree", "station alone",
                                  "county through leader", "county through dept1", "county through station1"])
def test_every_indicator_is_the_same_through_the_plans_and_through_the_plain_orm(demo, settings, planned, name):
    scope = scopes(demo)[name]
    for start, end in PERIODS:
        fast, plain = both_ways(settings, planned, scope, start, end, "default")
        assert fast.keys() == plain.keys()
        for key in fast:
            assert fast[key] == plain[key], (name, start, end, key)


@pytest.mark.parametrize("presets", ["truncate", "integer_percent", "one_decimal", ",".join(PRESETS)])
def test_every_preset_gives_the_same_rates_both_ways(demo, settings, planned, presets):
    for name in ("county subtree", "county through dept1"):
        fast, plain = both_ways(settings, planned, scopes(demo)[name], *PERIODS[1], presets)
        assert fast == plain, (name, presets)


def test_the_plans_are_what_the_default_runs(demo, settings, planned):
    """The comparison above compares something: by default the aggregates and the breakdowns over a related
    field run through compiled plans, in a scope with and without a user."""
    settings.FAZHI_PLAIN_ORM = False
    for name in ("county subtree", "county through leader"):
        del planned[:]
        evaluated(scopes(demo)[name], *PERIODS[1], "default")
        assert {"scalars", "breakdown"} <= set(planned), name
