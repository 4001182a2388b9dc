"""Indicators of the legal adviser registry, checked against a plain Python count over the factories' rows: advisers
engaged and serving in the year, of each kind, and the units with one — for the county's subtree, for one unit, and
through a user's data scope; the records behind the units are one adviser per unit; the identities hold."""

from datetime import date

import pytest

from fazhi.advisers.choices import AdviserKind
from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.testing.helpers import org
from fazhi.indicators import checks, definitions
from fazhi.indicators.engine import Engine, Scope, year_period

START, END = year_period(2024)
KEYS = [key for key in definitions.REGISTRY if key.startswith("advisers.")]


def engaged(adviser):
    return START <= adviser.contract_start <= END


def serving(adviser):
    return adviser.contract_start <= END and adviser.contract_end >= START


def python_values(advisers):
    """Every advisers.* indicator, counted again in plain Python over ``advisers``."""
    out = {"advisers.engaged": sum(map(engaged, advisers)), "advisers.serving": sum(map(serving, advisers)),
           "advisers.units_served": len({a.org_id for a in advisers if serving(a)})}
    for kind in AdviserKind:
        out[f"advisers.engaged.{kind.value}"] = sum(1 for a in advisers if engaged(a) and a.kind == kind)
        out[f"advisers.serving.{kind.value}"] = sum(1 for a in advisers if serving(a) and a.kind == kind)
    return out


@pytest.fixture
def advisers(county):
    """Contracts in, across and outside 2024, of several units of the demo county (two of the bureau) and one of the
    neighbouring county."""
    contracts = [
        ("demo-sfj", AdviserKind.LEGAL_ADVISER, date(2024, 1, 1), date(2024, 12, 31)),
        ("demo-sfj", AdviserKind.GOVERNMENT_LAWYER, date(2024, 3, 1), date(2025, 2, 28)),
        ("demo-sfj", AdviserKind.LEGAL_ADVISER, date(2022, 1, 1), date(2023, 12, 31)),  # ended before 2024
        ("demo-d01", AdviserKind.LEGAL_ADVISER, date(2023, 6, 1), date(2025, 5, 31)),  # serving, engaged in 2023
        ("demo-d01", AdviserKind.GOVERNMENT_LAWYER, date(2024, 12, 31), date(2025, 12, 30)),  # engaged on the last day
        ("demo-d02", AdviserKind.LEGAL_ADVISER, date(2025, 1, 1), date(2025, 12, 31)),  # starts after 2024
        ("demo-t01", AdviserKind.LEGAL_ADVISER, date(2023, 1, 1), date(2024, 1, 1)),  # serves on the first day only
        ("demo-s01", AdviserKind.LEGAL_ADVISER, date(2024, 5, 1), date(2024, 10, 31)),
        ("other", AdviserKind.LEGAL_ADVISER, date(2024, 1, 1), date(2024, 12, 31)),
    ]
    for code, kind, start, end in contracts:
        LegalAdviserFactory(org=org(code), kind=kind, contract_start=start, contract_end=end)
    return list(LegalAdviser.objects.select_related("org"))


def values(scope):
    return {key: value.value for key, value in Engine(scope, START, END).evaluate(KEYS).items()}


def test_the_registry_declares_counts_by_kind_and_the_units_served():
    assert set(KEYS) == set(python_values([]))
    assert {definitions.line_of(key) for key in KEYS} == {"法律顾问"}


def test_each_indicator_is_a_plain_python_count_for_a_subtree_a_unit_and_a_users_scope(advisers, cast):
    demo, sfj = org("demo"), org("demo-sfj")
    scopes = [
        (Scope(demo), lambda a: a.org.path.startswith(demo.path)),
        (Scope(sfj, subtree=False), lambda a: a.org_id == sfj.pk),
        (Scope(demo, user=cast["dept1"]), lambda a: a.org.code == "demo-d01"),
    ]
    for scope, keep in scopes:
        assert values(scope) == python_values([a for a in advisers if keep(a)])
    county = values(Scope(demo))
    assert (county["advisers.engaged"], county["advisers.serving"], county["advisers.units_served"]) == (4, 6, 4)


def test_all_of_them_are_one_query(advisers):
    engine = Engine(Scope(org("demo")), START, END)
    engine.evaluate(KEYS)
    assert engine.queries == 1


def test_the_records_behind_the_units_are_one_serving_adviser_per_unit(advisers):
    behind = Engine(Scope(org("demo")), START, END).records("advisers.units_served")
    units = {a.org_id for a in advisers if serving(a) and a.org.code != "other"}
    assert sorted(behind.values_list("org_id", flat=True)) == sorted(units)
    bureau = [a.pk for a in advisers if a.org.code == "demo-sfj" and serving(a)]
    assert set(behind.filter(org__code="demo-sfj").values_list("pk", flat=True)) == {min(bureau)}


def test_the_identities_hold(advisers):
    assert [f.rule for f in checks.run(org("demo"), START, END) if f.rule.startswith("advisers.")] == []
