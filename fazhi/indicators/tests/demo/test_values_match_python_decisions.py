"""Every count, sum, average, maximum, rate and breakdown of the legality review, normative document, decision
and contract registries, for the demo county, equals a second computation done here in plain Python: iterate
the model rows, test each against the definition written again as Python, count or add up, divide and round
half-up with integers. Three scopes: the county with its subtree, the bureau alone, and the county through a
station user's data scope. Each definition places a row in an org by its own ``org_field`` (``decision__org``
for procedures, ``issuer`` for documents, ``campaign__org`` for cleanup items …), followed here attribute by
attribute."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from fazhi.core.choices import OrgKind
from fazhi.core.models import Org
from fazhi.decisions.choices import DECIDED_STATES, SIGNED_STATES, ProcedureKind
from fazhi.decisions.choices import State as DecisionState
from fazhi.decisions.models import AdministrativeContract, MajorDecision, Procedure
from fazhi.indicators import definitions
from fazhi.indicators.engine import Engine, Scope
from fazhi.legality.choices import Conclusion, ReviewKind
from fazhi.legality.choices import State as ReviewState
from fazhi.legality.models import MeetingTopic, OpinionItem, ReviewRequest
from fazhi.normative.choices import CampaignState, Disposition, FilingOutcome
from fazhi.normative.choices import State as DocumentState
from fazhi.normative.models import CleanupItem, FilingRecord, NormativeDocument

PERIODS = [(date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 4, 1), date(2026, 6, 30))]
PREFIXES = ("legality.", "normative.", "decisions.", "contracts.")


def within(day, s, e):
    return day is not None and s <= day <= e


def by(day, e):
    return day is not None and day <= e


def follow(row, path):
    """``row.a.b`` for the ORM path ``a__b`` (None when a link is empty)."""
    for name in path.split("__"):
        if row is None:
            return None
        row = getattr(row, name)
    return row


# ---- the twins: {key: (model, org path, kind, test(row, start, end), field of a measure)} ---------------------
TWINS = {}


def twin(key, model, test, org="org", kind="count", field=""):
    TWINS[key] = (model, org, kind, test, field)


# legality.: review requests by the reviewing office.


def _issued(r, s, e):
    return within(r.opinion_on, s, e) and r.state == ReviewState.ISSUED


twin("legality.received", ReviewRequest, lambda r, s, e: within(r.submitted_on, s, e))
for _k in ReviewKind:
    twin(f"legality.received.{_k.value}", ReviewRequest, lambda r, s, e, k=_k.value: within(r.submitted_on, s, e) and r.kind == k)
twin("legality.withdrawn", ReviewRequest, lambda r, s, e: within(r.submitted_on, s, e) and r.state == ReviewState.WITHDRAWN)
twin("legality.reviewed", ReviewRequest, _issued)
for _k in ReviewKind:
    twin(f"legality.reviewed.{_k.value}", ReviewRequest, lambda r, s, e, k=_k.value: _issued(r, s, e) and r.kind == k)
for _c in Conclusion:
    twin(f"legality.{_c.value}", ReviewRequest, lambda r, s, e, c=_c.value: _issued(r, s, e) and r.conclusion == c)
twin("legality.reviewed_on_time", ReviewRequest, lambda r, s, e: _issued(r, s, e) and r.due_on is not None and r.opinion_on <= r.due_on)
twin("legality.adviser_consulted", ReviewRequest, lambda r, s, e: _issued(r, s, e) and len(r.consultations.all()) > 0)
twin("legality.opinion_items", OpinionItem, lambda i, s, e: _issued(i.review, s, e), org="review__org")
twin("legality.opinion_items_adopted", OpinionItem, lambda i, s, e: _issued(i.review, s, e) and i.adopted is True, org="review__org")
twin("legality.review_days_total", ReviewRequest, _issued, kind="sum", field="review_working_days")
twin("legality.review_days_average", ReviewRequest, _issued, kind="average", field="review_working_days")
twin("legality.review_days_longest", ReviewRequest, _issued, kind="max", field="review_working_days")
twin("legality.topics_put", MeetingTopic, lambda t, s, e: within(t.meeting_on, s, e) and t.put_to_meeting)
twin("legality.topics_reviewed", MeetingTopic, lambda t, s, e: within(t.meeting_on, s, e) and t.put_to_meeting and t.reviewed)

# normative.: documents by their issuer; filings by their document's issuer; cleanup items by the campaign's org.


def _published(n, s, e):
    return within(n.published_on, s, e) and n.state == DocumentState.PUBLISHED


def _in_force(n, s, e):
    """Published by the last day, not ended by it, not expired before it."""
    return (n.state == DocumentState.PUBLISHED and by(n.published_on, e)
            and (n.ended_on is None or n.ended_on > e) and (n.expires_on is None or n.expires_on >= e))


ISSUER_KINDS = {
    "government": {OrgKind.GOVERNMENT},
    "department": {OrgKind.DEPARTMENT, OrgKind.BUREAU},
    "township": {OrgKind.TOWNSHIP},
}
twin("normative.issued", NormativeDocument, _published, org="issuer")
twin("normative.reviewed", NormativeDocument, lambda n, s, e: _published(n, s, e) and n.legality_review is not None and n.legality_review.state == "issued",
     org="issuer")
twin("normative.filed", NormativeDocument, lambda n, s, e: _published(n, s, e) and n.filed_on is not None, org="issuer")
twin("normative.filed_on_time", NormativeDocument, lambda n, s, e: _published(n, s, e) and n.filed_on_time is True, org="issuer")
twin("normative.filings_submitted", FilingRecord, lambda f, s, e: within(f.submitted_on, s, e), org="document__issuer")
for _o in FilingOutcome:
    twin(f"normative.filing_{_o.value}", FilingRecord, lambda f, s, e, o=_o.value: within(f.outcome_on, s, e) and f.outcome == o,
         org="document__issuer")
twin("normative.in_force", NormativeDocument, _in_force, org="issuer")
for _name, _kinds in ISSUER_KINDS.items():
    twin(f"normative.in_force.{_name}", NormativeDocument, lambda n, s, e, k=_kinds: _in_force(n, s, e) and n.issuer.kind in k, org="issuer")


def _applied(i, s, e):
    return i.campaign.state == CampaignState.APPLIED and within(i.campaign.applied_on, s, e)


twin("normative.cleaned", CleanupItem, _applied, org="campaign__org")
for _d in Disposition:
    twin(f"normative.cleanup_{_d.value}", CleanupItem, lambda i, s, e, x=_d.value: _applied(i, s, e) and i.disposition == x, org="campaign__org")
twin("normative.cleanup_repealed_or_invalid", CleanupItem,
     lambda i, s, e: _applied(i, s, e) and i.disposition in (Disposition.REPEALED, Disposition.DECLARED_INVALID), org="campaign__org")

# decisions.: decision items by their handling unit; procedures by their decision's unit.


def _decided(m, s, e):
    return within(m.decided_on, s, e) and m.state in DECIDED_STATES


twin("decisions.initiated", MajorDecision, lambda m, s, e: within(m.initiated_on, s, e))
twin("decisions.catalogue_items", MajorDecision, lambda m, s, e: m.catalogue is not None and s.year <= m.catalogue.year <= e.year)
twin("decisions.decided", MajorDecision, _decided)
twin("decisions.complete", MajorDecision, lambda m, s, e: _decided(m, s, e) and m.complete)
twin("decisions.incomplete", MajorDecision, lambda m, s, e: _decided(m, s, e) and not m.complete)
twin("decisions.technical", MajorDecision, lambda m, s, e: _decided(m, s, e) and m.technical)
twin("decisions.stability_risk", MajorDecision, lambda m, s, e: _decided(m, s, e) and m.stability_risk)
twin("decisions.published", MajorDecision, lambda m, s, e: within(m.published_on, s, e))
twin("decisions.archived", MajorDecision, lambda m, s, e: within(m.archived_on, s, e))
twin("decisions.post_evaluated", MajorDecision, lambda m, s, e: within(m.post_evaluated_on, s, e))
twin("decisions.terminated", MajorDecision, lambda m, s, e: within(m.terminated_on, s, e) and m.state == DecisionState.TERMINATED)
PROCEDURE_KEYS = {
    ProcedureKind.PUBLIC_PARTICIPATION: "consultations",
    ProcedureKind.HEARING: "hearings",
    ProcedureKind.EXPERT_REVIEW: "expert_reviews",
    ProcedureKind.RISK_ASSESSMENT: "risk_assessments",
    ProcedureKind.LEGALITY_REVIEW: "legality_reviews",
    ProcedureKind.COLLECTIVE_DECISION: "collective_decisions",
}
twin("decisions.procedures", Procedure, lambda p, s, e: within(p.held_on, s, e), org="decision__org")
for _kind, _key in PROCEDURE_KEYS.items():
    twin(f"decisions.{_key}", Procedure, lambda p, s, e, k=_kind: within(p.held_on, s, e) and p.kind == k, org="decision__org")
twin("decisions.opinions_received", Procedure, lambda p, s, e: within(p.held_on, s, e), org="decision__org", kind="sum", field="opinions_received")
twin("decisions.opinions_adopted", Procedure, lambda p, s, e: within(p.held_on, s, e), org="decision__org", kind="sum", field="opinions_adopted")
twin("decisions.experts", Procedure, lambda p, s, e: within(p.held_on, s, e) and p.kind == ProcedureKind.EXPERT_REVIEW, org="decision__org",
     kind="sum", field="experts")

# contracts.: contracts by the signing unit, the cohort signed in the period.


def _signed(c, s, e):
    return within(c.signed_on, s, e) and c.state in SIGNED_STATES


def _filed(c, s, e):
    return _signed(c, s, e) and by(c.filed_on, e)


twin("contracts.signed", AdministrativeContract, _signed)
twin("contracts.reviewed", AdministrativeContract, lambda c, s, e: _signed(c, s, e) and c.legality_review_id is not None)
twin("contracts.review_required", AdministrativeContract, lambda c, s, e: _signed(c, s, e) and c.review_required)
twin("contracts.required_reviewed", AdministrativeContract, lambda c, s, e: _signed(c, s, e) and c.review_required and c.legality_review_id is not None)
twin("contracts.filed", AdministrativeContract, _filed)
twin("contracts.filed_on_time", AdministrativeContract, lambda c, s, e: _filed(c, s, e) and c.filing_due is not None and c.filed_on <= c.filing_due)
twin("contracts.disputes", AdministrativeContract, lambda c, s, e: within(c.disputed_on, s, e))
twin("contracts.completed", AdministrativeContract, lambda c, s, e: within(c.completed_on, s, e))
twin("contracts.terminated", AdministrativeContract, lambda c, s, e: within(c.terminated_on, s, e))
twin("contracts.amount", AdministrativeContract, _signed, kind="sum", field="amount")

#: The rates, written again: key: (numerator keys, denominator keys).
RATES = {
    "legality.on_time_rate": (["legality.reviewed_on_time"], ["legality.reviewed"]),
    "legality.topic_review_coverage": (["legality.topics_reviewed"], ["legality.topics_put"]),
    "normative.review_rate": (["normative.reviewed"], ["normative.issued"]),
    "normative.filing_rate": (["normative.filed"], ["normative.issued"]),
    "normative.timely_filing_rate": (["normative.filed_on_time"], ["normative.issued"]),
    "decisions.completeness_rate": (["decisions.complete"], ["decisions.decided"]),
    "contracts.review_rate": (["contracts.reviewed"], ["contracts.signed"]),
    "contracts.required_review_rate": (["contracts.required_reviewed"], ["contracts.review_required"]),
    "contracts.filing_rate": (["contracts.filed"], ["contracts.signed"]),
    "contracts.filing_on_time_rate": (["contracts.filed_on_time"], ["contracts.signed"]),
}

#: The breakdowns, written again: key: (model, org path, test, (category, label) of a row).
BREAKDOWNS = {
    "legality.by_kind": (ReviewRequest, "org", lambda r, s, e: within(r.submitted_on, s, e),
                         lambda r: (r.kind, dict(ReviewKind.choices).get(r.kind, r.kind))),
    "legality.by_submitting_org": (ReviewRequest, "org", lambda r, s, e: within(r.submitted_on, s, e),
                                   lambda r: (r.submitting_org_id, r.submitting_org.name)),
    "normative.in_force_by_issuer": (NormativeDocument, "issuer", _in_force, lambda n: (n.issuer_id, n.issuer.name)),
    "normative.issued_by_issuer": (NormativeDocument, "issuer", _published, lambda n: (n.issuer_id, n.issuer.name)),
    "normative.cleaned_by_campaign": (CleanupItem, "campaign__org", _applied, lambda i: (i.campaign_id, i.campaign.name)),
    "decisions.procedures_by_kind": (Procedure, "decision__org", lambda p, s, e: within(p.held_on, s, e),
                                     lambda p: (p.kind, dict(ProcedureKind.choices).get(p.kind, p.kind))),
    "contracts.by_kind": (AdministrativeContract, "org", _signed,
                          lambda c: (c.kind, dict(AdministrativeContract._meta.get_field("kind").flatchoices).get(c.kind, c.kind))),
}
BREAKDOWN_BASES = {
    "legality.by_kind": "legality.received",
    "legality.by_submitting_org": "legality.received",
    "normative.in_force_by_issuer": "normative.in_force",
    "normative.issued_by_issuer": "normative.issued",
    "normative.cleaned_by_campaign": "normative.cleaned",
    "decisions.procedures_by_kind": "decisions.procedures",
    "contracts.by_kind": "contracts.signed",
}


# ---- arithmetic with integers ------------------------------------------------------------------------------
def half_up(n, m):
    """n ÷ m × 100 rounded half-up to 2 places, with integers only; None when m is 0."""
    if not m:
        return None
    return Decimal((n * 10000 * 2 + m) // (2 * m)) / 100


def mean_half_up(values, decimals=1):
    """The mean of non-negative integers rounded half-up to ``decimals`` places; None over no values."""
    if not values:
        return None
    scale, total, n = 10**decimals, sum(values), len(values)
    return Decimal((total * scale * 2 + n) // (2 * n)).scaleb(-decimals)


def python_values(rows, s, e, unit):
    """{key: value} of every twin over the rows whose unit (along the twin's org path) passes ``unit(model, org, row)``."""
    out = {}
    for key, (model, org, kind, test, field) in TWINS.items():
        chosen = [x for x in rows[model] if unit(model, follow(x, org), x) and test(x, s, e)]
        if kind == "count":
            out[key] = len(chosen)
            continue
        numbers = [getattr(x, field) for x in chosen if getattr(x, field) is not None]
        if kind == "sum":
            out[key] = sum(numbers)
        elif kind == "average":
            out[key] = mean_half_up(numbers, definitions.get(key).decimals)
        else:
            out[key] = max(numbers) if numbers else None
    for key, (num, den) in RATES.items():
        out[key] = half_up(sum(out[k] for k in num), sum(out[k] for k in den))
    return out


def python_breakdowns(rows, s, e, unit):
    """{breakdown key: Counter({(category, label): count})}."""
    out = {}
    for key, (model, org, test, category) in BREAKDOWNS.items():
        out[key] = Counter(category(x) for x in rows[model] if unit(model, follow(x, org), x) and test(x, s, e))
    return out


def the_registries_keys(kinds):
    return sorted(k for k, x in definitions.REGISTRY.items() if k.startswith(PREFIXES) and x.kind in kinds)


SCALARS = ("count", "sum", "average", "max")


@pytest.fixture
def rows(demo):
    out = {
        ReviewRequest: list(ReviewRequest.objects.select_related("org", "submitting_org").prefetch_related("consultations")),
        OpinionItem: list(OpinionItem.objects.select_related("review__org")),
        MeetingTopic: list(MeetingTopic.objects.select_related("org")),
        NormativeDocument: list(NormativeDocument.objects.select_related("issuer", "legality_review")),
        FilingRecord: list(FilingRecord.objects.select_related("document__issuer")),
        CleanupItem: list(CleanupItem.objects.select_related("campaign__org")),
        MajorDecision: list(MajorDecision.objects.select_related("org", "catalogue")),
        Procedure: list(Procedure.objects.select_related("decision__org")),
        AdministrativeContract: list(AdministrativeContract.objects.select_related("org")),
    }
    for model, xs in out.items():
        assert xs, f"the demo county has no {model.__name__}"
    return out


def scopes(cast):
    county, bureau = Org.objects.get(code="demo"), Org.objects.get(code="demo-sfj")
    station = cast["station1"]
    models = {x[0] for x in TWINS.values()} | {x[0] for x in BREAKDOWNS.values()}
    # The station's data scope: the rows of each model it may see (the model's own visible_to), in the county.
    seen = {m: set(m.objects.visible_to(station).values_list("pk", flat=True)) for m in models}

    def in_county(model, org, row):
        return org is not None and org.path.startswith(county.path)

    return [
        ("county subtree", Scope(county, True), in_county),
        ("bureau alone", Scope(bureau, False), lambda model, org, row: org is not None and org.pk == bureau.pk),
        ("through station1", Scope(county, True, station), lambda model, org, row: in_county(model, org, row) and row.pk in seen[model]),
    ]


def test_every_value_of_the_four_registries_has_a_python_twin_here():
    """A count, measure, rate or breakdown added to these registries without being written again here fails."""
    assert the_registries_keys(SCALARS) == sorted(TWINS)
    assert the_registries_keys(("rate",)) == sorted(RATES)
    assert the_registries_keys(("breakdown",)) == sorted(BREAKDOWNS)
    for key, (model, org, kind, _, field) in TWINS.items():
        x = definitions.get(key)
        assert (x.model, x.org_field, x.kind, getattr(x, "field", "")) == (model, org, kind, field), key
    for key, (num, den) in RATES.items():
        assert (list(definitions.get(key).numerator_keys), list(definitions.get(key).denominator_keys)) == (num, den), key
    for key, (model, org, _, _) in BREAKDOWNS.items():
        x = definitions.get(key)
        assert (x.model, x.org_field, x.base) == (model, org, BREAKDOWN_BASES[key]), key


@pytest.mark.parametrize("start,end", PERIODS, ids=["2024", "2025", "2026Q2"])
def test_engine_values_equal_a_plain_python_computation_in_three_scopes(rows, demo, start, end):
    keys = the_registries_keys(SCALARS + ("rate",))
    for name, scope, unit in scopes(demo):
        values = Engine(scope, start, end, "default").evaluate(keys)
        expected = python_values(rows, start, end, unit)
        got = {k: values[k].value for k in keys}
        mismatched = {k: (got[k], expected[k]) for k in keys if got[k] != expected[k]}
        assert not mismatched, (name, mismatched)
        for k in keys:  # same type too: an int stays an int, a percent or a mean a Decimal
            if expected[k] is not None and definitions.get(k).kind in ("rate", "average"):
                assert isinstance(got[k], Decimal), (name, k)
        if name == "through station1":  # the station (本单位) holds none of these records: nothing, every rate "—"
            assert {got[k] for k in keys if definitions.get(k).kind in ("count", "sum")} == {0}
            assert {got[k] for k in keys if definitions.get(k).kind in ("rate", "average", "max")} == {None}
            assert {values[k].display() for k in keys if definitions.get(k).kind == "rate"} == {"—"}
        if name == "county subtree" and start.year == 2025:
            for prefix in PREFIXES:  # the scope is not trivially empty
                assert any(expected[k] for k in keys if k.startswith(prefix) and definitions.get(k).kind == "count"), prefix


@pytest.mark.parametrize("start,end", PERIODS, ids=["2024", "2025", "2026Q2"])
def test_breakdowns_equal_a_plain_python_counter(rows, demo, start, end):
    keys = sorted(BREAKDOWNS)
    for name, scope, unit in scopes(demo):
        values = Engine(scope, start, end, "default").evaluate(keys)
        expected = python_breakdowns(rows, start, end, unit)
        counts = python_values(rows, start, end, unit)
        for key in keys:
            got = Counter({(i["key"], i["label"]): i["count"] for i in values[key].items})
            assert len(got) == len(values[key].items), (name, key)
            want = Counter({(k, label if label not in (None, "") else "（未填）"): n for (k, label), n in expected[key].items()})
            assert got == want, (name, key)
            base = counts[BREAKDOWN_BASES[key]]
            assert values[key].denominator == base, (name, key)
            for item in values[key].items:
                assert item["share"] == half_up(item["count"], base), (name, key, item)
