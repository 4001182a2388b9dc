"""Every count, rate and breakdown of the reconsideration and litigation registries, for the demo county, equals
a second computation done here in plain Python: iterate the model rows, test each against the definition
written again as Python, count, divide and round half-up with integers. Three scopes: the county with its
subtree, the bureau alone, and the county through a station user's data scope (which sees none of these
records: zero everywhere, every rate "—"). And the dashboard's tiles show exactly these values."""

from datetime import date
from decimal import Decimal

import pytest

from fazhi.core.choices import OrgKind
from fazhi.core.models import Org
from fazhi.indicators import definitions
from fazhi.indicators.dashboard import tile_groups
from fazhi.indicators.engine import Engine, Scope
from fazhi.litigation.choices import LOST, MEDIATED_OR_WITHDRAWN, WON, Instance, Result
from fazhi.litigation.models import Lawsuit
from fazhi.reconsideration.choices import CORRECTED, Outcome, State, TerminationReason
from fazhi.reconsideration.models import ReconsiderationCase

PERIODS = [(date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 4, 1), date(2026, 6, 30))]
DEPARTMENT_KINDS = {OrgKind.BUREAU, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP}


def within(day, s, e):
    return day is not None and s <= day <= e


def by(day, e):
    return day is not None and day <= e


# ---- reconsideration, written again: {name: test(case, start, end)} ----------------------------------------
def _ended(state):
    return lambda c, s, e: within(c.received_on, s, e) and c.state == state and by(c.ended_before_acceptance_on, e)


def _closed(c, s, e):
    return within(c.closed_on, s, e) and c.outcome != ""


def _outcome(o):
    return lambda c, s, e: within(c.closed_on, s, e) and c.outcome == o


RECON = {
    "received": lambda c, s, e: within(c.received_on, s, e),
    "accepted": lambda c, s, e: within(c.received_on, s, e) and by(c.accepted_on, e),
    "accepted_in_period": lambda c, s, e: within(c.accepted_on, s, e),
    "deemed_accepted": lambda c, s, e: within(c.received_on, s, e) and by(c.accepted_on, e) and c.acceptance_kind == "deemed_accepted",
    "resolved_before_acceptance": _ended(State.RESOLVED),
    "redirected": _ended(State.REDIRECTED),
    "refused": _ended(State.REFUSED),
    "abandoned": _ended(State.ABANDONED),
    "pending_acceptance": lambda c, s, e: within(c.received_on, s, e) and not by(c.accepted_on, e) and not by(c.ended_before_acceptance_on, e),
    "carried_over": lambda c, s, e: c.accepted_on is not None and c.accepted_on < s and (c.closed_on is None or c.closed_on >= s),
    "closed": _closed,
    "closed_carried_over": lambda c, s, e: within(c.closed_on, s, e) and c.accepted_on is not None and c.accepted_on < s,
    **{o.value: _outcome(o.value) for o in Outcome},
    "settled": lambda c, s, e: within(c.closed_on, s, e) and c.outcome == Outcome.TERMINATED and c.termination_reason == TerminationReason.SETTLED,
    "withdrawn": lambda c, s, e: within(c.closed_on, s, e) and c.outcome == Outcome.TERMINATED
    and c.termination_reason in (TerminationReason.WITHDRAWN, TerminationReason.SETTLED),
    "corrected": lambda c, s, e: within(c.closed_on, s, e) and c.outcome in CORRECTED,
    "closed_on_time": lambda c, s, e: _closed(c, s, e) and c.decision_due is not None and c.closed_on <= c.decision_due,
    "pending_at_end": lambda c, s, e: by(c.accepted_on, e) and (c.closed_on is None or c.closed_on > e),
    "incidental_review": lambda c, s, e: within(c.received_on, s, e) and c.incidental_review,
}
#: The same cases as seen by their respondent (被申请人): {name: (test, attribute naming the unit)}.
RECON_RESPONDENT = {
    "received": lambda c, s, e: within(c.received_on, s, e),
    "closed": _closed,
    "upheld": _outcome(Outcome.UPHELD),
    "corrected": lambda c, s, e: within(c.closed_on, s, e) and c.outcome in CORRECTED,
}


# ---- litigation, written again: {name: test(lawsuit, start, end)} in three scopes ------------------------
def _first(x):
    return x.trial_level == Instance.FIRST


def _lit_closed(x, s, e):
    return within(x.closed_on, s, e) and x.result != ""


LIT = {
    "received": lambda x, s, e: _first(x) and within(x.complaint_received_on, s, e),
    "closed_first_instance": lambda x, s, e: _first(x) and _lit_closed(x, s, e),
    "won": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result in WON,
    "lost": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result in LOST,
    "withdrawn": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result == Result.WITHDRAWN,
    "withdrawn_after_change": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result == Result.WITHDRAWN and x.withdrawal_after_change,
    "mediated": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result == Result.MEDIATED,
    "mediated_or_withdrawn": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result in MEDIATED_OR_WITHDRAWN,
    "terminated": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.result == Result.TERMINATED,
    "closed": _lit_closed,
    "heard": lambda x, s, e: _lit_closed(x, s, e) and x.heard,
    "head_appeared": lambda x, s, e: _lit_closed(x, s, e) and x.head_appeared,
    "principal_appeared": lambda x, s, e: _lit_closed(x, s, e) and x.principal_appeared,
    "defence_late": lambda x, s, e: within(x.defence_filed_on, s, e) and x.defence_late,
}
LIT_SCOPES = {
    "": lambda x: True,
    ".government": lambda x: x.defendant_org.kind == OrgKind.GOVERNMENT and not x.co_defendant_government,
    ".departments": lambda x: x.defendant_org.kind in DEPARTMENT_KINDS,
}
#: Lawsuits that followed a reconsideration, counted for the reconsideration office.
AFTER = {
    "lawsuits_after": lambda x, s, e: _first(x) and within(x.complaint_received_on, s, e) and x.reconsideration_case_id is not None,
    "lost_after": lambda x, s, e: _first(x) and within(x.closed_on, s, e) and x.reconsideration_case_id is not None and x.result in LOST,
}
#: The rates, written again: key: (numerator keys, denominator keys) of the default preset.
RATES = {
    "reconsideration.correction_rate": (["reconsideration.corrected"], ["reconsideration.closed"]),
    "reconsideration.mediation_rate": (["reconsideration.mediated", "reconsideration.settled"], ["reconsideration.closed"]),
    "reconsideration.resolution_rate": (["reconsideration.corrected", "reconsideration.mediated", "reconsideration.settled"], ["reconsideration.closed"]),
    "reconsideration.on_time_rate": (["reconsideration.closed_on_time"], ["reconsideration.closed"]),
    "reconsideration.respondent.correction_rate": (["reconsideration.respondent.corrected"], ["reconsideration.respondent.closed"]),
    **{f"litigation.{rate}{suffix}": ([f"litigation.{n}{suffix}"], [f"litigation.{m}{suffix}"])
       for suffix in LIT_SCOPES
       for rate, n, m in (("loss_rate", "lost", "closed_first_instance"), ("mediation_withdrawal_rate", "mediated_or_withdrawn", "closed_first_instance"),
                          ("head_appearance_rate", "head_appeared", "heard"))},
}


def python_counts(cases, lawsuits, s, e, unit):
    """{key: int} over the rows whose unit (the office, the respondent or the defendant) passes ``unit(org)``."""
    out = {}
    for name, test in RECON.items():
        out["reconsideration." + name] = sum(1 for c in cases if unit(c.org) and test(c, s, e))
    for name, test in RECON_RESPONDENT.items():
        out["reconsideration.respondent." + name] = sum(1 for c in cases if c.respondent_org is not None and unit(c.respondent_org) and test(c, s, e))
    for suffix, in_scope in LIT_SCOPES.items():
        for name, test in LIT.items():
            out[f"litigation.{name}{suffix}"] = sum(1 for x in lawsuits if unit(x.defendant_org) and in_scope(x) and test(x, s, e))
    for name, test in AFTER.items():
        out["reconsideration." + name] = sum(
            1 for x in lawsuits if x.reconsideration_case is not None and unit(x.reconsideration_case.org) and test(x, s, e)
        )
    return out


def half_up(n, m):
    """n ÷ m × 100 rounded half-up to 2 places, with integers only; None when m is 0."""
    if not m:
        return None
    hundredths = (n * 10000 * 2 + m) // (2 * m)
    return Decimal(hundredths) / 100


def python_rates(counts):
    out = {}
    for key, (num, den) in RATES.items():
        out[key] = half_up(sum(counts[k] for k in num), sum(counts[k] for k in den))
    return out


def python_breakdowns(cases, s, e, unit):
    """{breakdown key: {category: count}} of the applications received in the period."""
    received = [c for c in cases if unit(c.org) and within(c.received_on, s, e)]
    fields = {
        "reconsideration.by_respondent": lambda c: c.respondent_name,
        "reconsideration.by_respondent_level": lambda c: c.respondent_org.kind if c.respondent_org else None,
        "reconsideration.by_act_kind": lambda c: c.act_kind,
        "reconsideration.by_area": lambda c: c.area_id,
    }
    out = {}
    for key, value in fields.items():
        groups = {}
        for c in received:
            groups[value(c)] = groups.get(value(c), 0) + 1
        out[key] = groups
    return out


def the_registries_keys(kind):
    """The registered definitions of ``kind`` computed over the two registries' rows."""
    models = {ReconsiderationCase, Lawsuit}
    out = []
    for key, x in definitions.REGISTRY.items():
        if x.kind != kind:
            continue
        if kind == "rate":
            if {definitions.get(k).model for k in x.numerator_keys + x.denominator_keys} <= models:
                out.append(key)
        elif x.model in models:
            out.append(key)
    return sorted(out)


@pytest.fixture
def rows(demo):
    cases = list(ReconsiderationCase.objects.select_related("org", "respondent_org"))
    lawsuits = list(Lawsuit.objects.select_related("defendant_org", "reconsideration_case__org"))
    assert len(cases) > 400 and len(lawsuits) > 300
    return cases, lawsuits


def scopes(cast):
    county, bureau = Org.objects.get(code="demo"), Org.objects.get(code="demo-sfj")
    station = cast["station1"]
    return [
        ("county subtree", Scope(county, True), lambda o: o.path.startswith(county.path)),
        ("bureau alone", Scope(bureau, False), lambda o: o.pk == bureau.pk),
        # Through the station's data scope (本单位: its own records, of which it has none here).
        ("through station1", Scope(county, True, station), lambda o: False),
    ]


def test_every_count_and_rate_of_the_two_registries_has_a_python_twin_here():
    """A count added to a registry without being written again here fails this test."""
    written = set(python_counts([], [], date(2025, 1, 1), date(2025, 12, 31), lambda o: True))
    assert the_registries_keys("count") == sorted(written)
    assert the_registries_keys("rate") == sorted(RATES)


@pytest.mark.parametrize("start,end", PERIODS, ids=["2024", "2025", "2026Q2"])
def test_engine_values_equal_a_plain_python_count_in_three_scopes(rows, demo, start, end):
    cases, lawsuits = rows
    count_keys, rate_keys = the_registries_keys("count"), the_registries_keys("rate")
    for name, scope, unit in scopes(demo):
        values = Engine(scope, start, end, "default").evaluate(count_keys + rate_keys)
        expected = python_counts(cases, lawsuits, start, end, unit)
        got = {k: values[k].value for k in count_keys}
        assert got == expected, name
        rates = python_rates(expected)
        assert {k: values[k].value for k in rate_keys} == rates, name
        if name == "through station1":
            assert set(got.values()) == {0} and set(rates.values()) == {None}
            assert {values[k].display() for k in rate_keys} == {"—"}
        else:
            assert got["reconsideration.received"] > 0  # the scope is not trivially empty


def test_breakdowns_equal_a_plain_python_grouping(rows, demo):
    cases, _ = rows
    start, end = PERIODS[1]
    keys = [k for k, x in definitions.REGISTRY.items() if x.kind == "breakdown" and x.model is ReconsiderationCase]
    for name, scope, unit in scopes(demo):
        values = Engine(scope, start, end, "default").evaluate(keys)
        expected = python_breakdowns(cases, start, end, unit)
        for key in keys:
            got = {}
            for item in values[key].items:  # several codes may share a label (县政府部门): add them up by code
                got[item["key"]] = got.get(item["key"], 0) + item["count"]
            assert got == expected[key], (name, key)
            total = sum(expected[key].values())
            for item in values[key].items:
                assert item["share"] == half_up(item["count"], total)


def test_the_dashboard_tiles_show_the_engines_values_for_the_leader(rows, demo, client):
    """The leader's dashboard (county, 2025) shows, tile by tile, the Python count."""
    cases, lawsuits = rows
    county = Org.objects.get(code="demo")
    client.force_login(demo["leader"])
    response = client.get("/indicators/dashboard/", {"org": "demo", "period": "year", "year": "2025"})
    assert response.status_code == 200
    expected = python_counts(cases, lawsuits, *PERIODS[1], lambda o: o.path.startswith(county.path))
    expected.update(python_rates(expected))
    tiles = {t["key"]: t for g in response.context["dash"].tiles for t in g["items"]}
    assert set(tiles) == {k for _, keys in tile_groups() for k in keys}
    for key, t in tiles.items():
        assert t["value"].value == expected[key], key
        shown = f"{expected[key]:.2f}" if t["kind"] == "rate" else str(expected[key])
        assert t["display"] == shown
        assert f'data-testid="tile-{key}"' in response.content.decode()
