"""The indicator engine on its first registry (DESIGN.md §4.5): every count of one model in one query; the
same numbers as a plain Python count over the same records, for an org's subtree, for one unit, and through a
user's data scope; ``records()`` gives exactly the rows behind a value; presets apply left to right; an unknown
preset is a Chinese command error; a rate over nothing is None, shown as "—"."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import LocalRule, User
from fazhi.indicators import definitions
from fazhi.indicators.engine import Engine, Scope, year_period
from fazhi.indicators.presets import HALF_UP, TRUNCATE, resolve
from fazhi.reconsideration.choices import CORRECTED, Outcome, State, TerminationReason
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.tests.factories import bulk_cases, org

RECONSIDERATION = "reconsideration."
START, END = year_period(2024)
#: The counts over the case model by its handling office (other registries may declare reconsideration.* counts
#: over their own models, e.g. lawsuits that followed a reconsideration; the respondent's counts,
#: ``reconsideration.respondent.*``, are scoped by another org field and so are a query of their own).
COUNT_KEYS = [x.key for x in definitions.all_definitions(RECONSIDERATION) if x.kind == "count" and x.model is ReconsiderationCase and x.org_field == "org"]


def in_year(day):
    return day is not None and START <= day <= END


def ended(c, state):
    """Ended before acceptance as ``state`` by the end of the year (a case refused in January counts in its own year)."""
    return in_year(c.received_on) and c.state == state and c.ended_before_acceptance_on <= END


def by_end(day):
    return day is not None and day <= END


def closed(c):
    return in_year(c.closed_on) and c.outcome != ""


#: Each count, written again as a plain Python test of one case (the engine writes it as SQL).
PYTHON = {
    "received": lambda c: in_year(c.received_on),
    "accepted": lambda c: in_year(c.received_on) and c.accepted_on is not None and c.accepted_on <= END,
    "refused": lambda c: ended(c, State.REFUSED),
    "redirected": lambda c: ended(c, State.REDIRECTED),
    "resolved_before_acceptance": lambda c: ended(c, State.RESOLVED),
    "pending_acceptance": lambda c: in_year(c.received_on) and not by_end(c.accepted_on) and not by_end(c.ended_before_acceptance_on),
    "carried_over": lambda c: c.accepted_on is not None and c.accepted_on < START and (c.closed_on is None or c.closed_on >= START),
    "closed": closed,
    "closed_carried_over": lambda c: closed(c) and c.accepted_on < START,
    "upheld": lambda c: closed(c) and c.outcome == Outcome.UPHELD,
    "corrected": lambda c: closed(c) and c.outcome in CORRECTED,
    "mediated": lambda c: closed(c) and c.outcome == Outcome.MEDIATED,
    "settled": lambda c: closed(c) and c.outcome == Outcome.TERMINATED and c.termination_reason == TerminationReason.SETTLED,
    "pending_at_end": lambda c: c.accepted_on is not None and c.accepted_on <= END and (c.closed_on is None or c.closed_on > END),
}

OUTCOMES = [Outcome.UPHELD, Outcome.REVOKED, Outcome.MEDIATED, Outcome.TERMINATED, Outcome.DECLARED_UNLAWFUL, Outcome.REQUEST_REJECTED]


def records_in(code, n, offset=0):
    """``n`` cases of one office spread over 2023–2025 at every stage: a different mix per office."""
    office = org(code)
    specs = []
    for i in range(n):
        received = date(2023, 10, 2) + timedelta(days=11 * i + offset)
        spec = dict(org=office, received_on=received)
        kind = (i + offset) % 7
        if kind == 0:
            spec.update(state=State.RESOLVED, ended_before_acceptance_on=received + timedelta(days=3))
        elif kind == 1:
            spec.update(state=State.REFUSED if i % 2 else State.REDIRECTED, ended_before_acceptance_on=received + timedelta(days=4))
        elif kind == 2:
            pass  # still under examination (or never examined)
        else:
            spec.update(accepted_on=received + timedelta(days=5))
            if kind != 3:
                outcome = OUTCOMES[(i + offset) % len(OUTCOMES)]
                spec.update(closed_on=received + timedelta(days=40 + i % 50), outcome=outcome)
                if outcome == Outcome.TERMINATED:
                    spec["termination_reason"] = TerminationReason.SETTLED if i % 2 else TerminationReason.WITHDRAWN
        specs.append(spec)
    bulk_cases(specs)


@pytest.fixture
def data(county):
    """Cases of the bureau, of a station below it (demo-s02) and of the neighbouring county; none of demo-s01."""
    records_in("demo-sfj", 70)
    records_in("demo-s02", 30, offset=3)
    records_in("other", 20, offset=5)
    return list(ReconsiderationCase.objects.select_related("org"))


def engine(org_code, subtree=True, user=None, presets="default"):
    return Engine(Scope(org(org_code), subtree, user), START, END, presets)


def python_counts(cases, keep):
    return {k: sum(1 for c in cases if keep(c) and test(c)) for k, test in PYTHON.items()}


def test_every_count_of_the_registry_is_one_query(data, django_assert_num_queries):
    e = engine("demo")
    with django_assert_num_queries(1):
        values = e.counts(COUNT_KEYS)
    assert set(values) == set(COUNT_KEYS) and len(COUNT_KEYS) > 20
    assert e.queries == 1
    # Every registered count: one query per model (and org field it is scoped by), however many counts each has.
    every = [x for x in definitions.REGISTRY.values() if x.kind == "count"]
    e = engine("demo")
    with django_assert_num_queries(len({(x.model, x.org_field) for x in every})):
        e.counts([x.key for x in every])


def test_counts_match_a_plain_python_count_for_a_subtree_a_unit_and_a_users_scope(data, cast):
    demo, sfj = org("demo"), org("demo-sfj")
    scopes = [
        (engine("demo"), lambda c: c.org.path.startswith(demo.path)),
        (engine("demo-sfj", subtree=False), lambda c: c.org_id == sfj.pk),
        (engine("demo-sfj"), lambda c: c.org.path.startswith(sfj.path)),
        (engine("demo", user=cast["station1"]), lambda c: c.org.code == "demo-s01"),
    ]
    for e, keep in scopes:
        got = {k.removeprefix(RECONSIDERATION): v for k, v in e.counts([RECONSIDERATION + k for k in PYTHON]).items()}
        assert got == python_counts(data, keep)
    # The subtree and the unit really differ (the station sits below the bureau), and station 1 sees nothing.
    assert engine("demo-sfj").counts([RECONSIDERATION + "received"])[RECONSIDERATION + "received"] > engine("demo-sfj", subtree=False).counts([RECONSIDERATION + "received"])[RECONSIDERATION + "received"] > 0
    assert set(engine("demo", user=cast["station1"]).counts(COUNT_KEYS).values()) == {0}


def test_the_command_gives_the_same_numbers_for_the_three_scopes(data):
    def received(*args):
        out = io.StringIO()
        call_command("indicators", "--year", "2024", "--format", "json", "--only", RECONSIDERATION + "received", *args, stdout=out)
        return json.loads(out.getvalue())["values"][0]["value"]

    assert received("--org", "demo") == python_counts(data, lambda c: c.org.path.startswith(org("demo").path))["received"]
    assert received("--org", "demo-sfj", "--unit-only") == python_counts(data, lambda c: c.org.code == "demo-sfj")["received"]
    assert received("--org", "demo", "--user", "station1") == 0


def test_records_are_exactly_the_rows_behind_a_count_and_a_rates_numerator(data):
    e = engine("demo")
    mine = [c for c in data if c.org.code != "other"]
    for key in ("closed", "accepted", "carried_over"):
        assert set(e.records(RECONSIDERATION + key).values_list("pk", flat=True)) == {c.pk for c in mine if PYTHON[key](c)}
    corrected = {c.pk for c in mine if PYTHON["corrected"](c)}
    assert corrected and set(e.records(RECONSIDERATION + "correction_rate").values_list("pk", flat=True)) == corrected
    assert e.evaluate([RECONSIDERATION + "correction_rate"])[RECONSIDERATION + "correction_rate"].numerator == len(corrected)
    # Under a preset the numerator is the preset's: 受理前调撤 + 终止.
    coordination = engine("demo", presets="coordination_rate")
    expected = {c.pk for c in mine if ended(c, State.RESOLVED) or (closed(c) and c.outcome == Outcome.TERMINATED)}
    assert set(coordination.records(RECONSIDERATION + "mediation_rate").values_list("pk", flat=True)) == expected
    # A breakdown row: the cases of that category received in the year.
    assert set(e.records(RECONSIDERATION + "by_act_kind", "penalty").values_list("pk", flat=True)) == {c.pk for c in mine if PYTHON["received"](c)}


def test_presets_apply_left_to_right(data):
    def rule(presets):
        rate = engine("demo", presets=presets).evaluate([RECONSIDERATION + "correction_rate"])[RECONSIDERATION + "correction_rate"]
        return rate.denominator_keys, rate.decimals, rate.rounding, rate.value

    assert rule("integer_percent,one_decimal")[1:3] == (1, HALF_UP)
    assert rule("one_decimal,integer_percent")[1:3] == (0, HALF_UP)
    assert rule("base_accepted,base_received")[0] == (RECONSIDERATION + "received",)
    assert rule("base_received,base_accepted")[0] == (RECONSIDERATION + "accepted",)
    keys, decimals, rounding, value = rule("base_accepted,truncate,integer_percent")
    assert (keys, decimals, rounding) == ((RECONSIDERATION + "accepted",), 0, TRUNCATE)
    assert [p.name for p in resolve("truncate,base_accepted")] == ["default", "truncate", "base_accepted"]


def test_the_local_rule_chooses_the_preset_when_none_is_given(data):
    LocalRule.objects.create(org=org("demo"), key="indicator_preset", value="integer_percent")
    out = io.StringIO()
    call_command("indicators", "--org", "demo-sfj", "--year", "2024", "--format", "json", "--only", RECONSIDERATION + "correction_rate", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["presets"] == ["default", "integer_percent"]
    assert payload["values"][0]["decimals"] == 0


def test_an_unknown_preset_is_a_chinese_command_error(county):
    with pytest.raises(CommandError) as e:
        call_command("indicators", "--org", "demo", "--year", "2024", "--preset", "integer_percent,half_down")
    assert str(e.value).startswith("未定义的指标口径预设：half_down（可选：default、truncate、integer_percent")
    with pytest.raises(CommandError, match="机构代码“nowhere”不存在。"):
        call_command("indicators", "--org", "nowhere", "--year", "2024")
    with pytest.raises(CommandError, match="用户“nobody”不存在。"):
        call_command("indicators", "--org", "demo", "--year", "2024", "--user", "nobody")


def test_a_rate_over_nothing_is_none_and_shown_as_a_dash(county):
    values = engine("demo").evaluate([RECONSIDERATION + "correction_rate", RECONSIDERATION + "by_act_kind"])
    rate = values[RECONSIDERATION + "correction_rate"]
    assert (rate.numerator, rate.denominator, rate.value, rate.display()) == (0, 0, None, "—")
    assert values[RECONSIDERATION + "by_act_kind"].items == []

    out = io.StringIO()
    call_command("indicators", "--org", "demo", "--year", "2024", "--format", "json", "--only", RECONSIDERATION + "correction_rate", stdout=out)
    assert json.loads(out.getvalue())["values"][0]["value"] is None
    text = io.StringIO()
    call_command("indicators", "--org", "demo", "--year", "2024", "--only", RECONSIDERATION + "correction_rate", stdout=text)
    assert "直接纠错率：—（分母为0） = 0/0" in text.getvalue()
    assert not User.objects.filter(username="nobody").exists()
