"""Benchmark of the indicators engine against hand-written SQL: every indicator, one county-year and the province-year.

    .venv/bin/python bench/indicators.py [--var DIR | --database-url URL] [--year 2025] [--n 10] [--county demo] [--province zj]

**fazhi**: every registered indicator (counts, sums, averages, maxima, rates and breakdowns — ``fazhi indicators``
without ``--only``) of the registries this file has statements for (``HAND_WRITTEN``; a registry without any, such as
one added through ``FAZHI_PLUGINS``, is named and left out, not reported as mismatches) evaluated by the engine the way the annual report does it, for the reporting unit and its
subtree without a user's data scope: ``Engine(Scope(org, True, None), start, end).evaluate()``; (a) one
county-year (``--county``, default ``demo``) and (b) the province-year (``--province``, default ``zj``).

**hand-written**: the best the database can do — for each model (and org field) the engine queries, ONE raw SQL
statement (``connection.cursor()``, portable between SQLite and PostgreSQL: ``SUM(CASE WHEN … THEN 1 ELSE 0
END)``, the subtree as ``org_id IN (SELECT id FROM core_org WHERE path LIKE '…%')`` — faster than a join on the
path on both databases, measured — and a join to ``core_org`` only where an org's kind or name is needed) that
computes every count and sum of that model in one pass over the rows the period can touch (its WHERE is the union of the period conditions); the
breakdowns over a column with fixed choices are folded into that pass as more ``SUM(CASE …)`` columns, the
others are one GROUP BY each (two breakdowns over the same grouping share one). The conditions are written here
by hand from the registries' definitions (their docstrings and ORACLE.md), not taken from the engine.

**verify**: before timing, every count, sum, average and maximum and every breakdown row of the hand-written
statements must equal the engine's (rates derive from counts, so their counts are compared); a mismatch is a
bug in one of the two and stops the benchmark (exit 1).

Prints mean, p50 and p95 of N runs (after a warm-up; fazhi and hand-written runs alternate, so that the machine's
load weighs on both alike) and the SQL query count of one run, for fazhi and the hand-written SQL, for the county-year and the province-year, and the ratio fazhi ÷ hand-written. Targets (issue
7): within 1.5× of the hand-written SQL; one county-year under 100 ms; a province-year under 3 s on PostgreSQL at
scale 1 (on SQLite that line is information).
"""

import argparse
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# ---- hand-written SQL --------------------------------------------------------------------------------------
# Parameters: %(s)s and %(e)s the first and last day of the period, %(p)s the org path followed by '%'.
# Booleans are tested bare (``t.heard``), which SQLite (0/1) and PostgreSQL (boolean) both accept.


def within(column):
    return f"{column} BETWEEN %(s)s AND %(e)s"


def one(cond):
    return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"


def total(cond, column):
    return f"SUM(CASE WHEN {cond} THEN {column} END)"


def values(items):
    return "(" + ", ".join(f"'{v}'" for v in items) + ")"


def select(columns, rest):
    """``SELECT <expr> AS "key", … <rest>`` from {key: expr}."""
    return "SELECT " + ",\n       ".join(f'{expr} AS "{key}"' for key, expr in columns.items()) + "\n" + rest


def advisers_sql():
    from fazhi.advisers.choices import AdviserKind

    engaged = within("t.contract_start")
    serving = "t.contract_start <= %(e)s AND t.contract_end >= %(s)s"
    advisers = select({
        "advisers.engaged": one(engaged),
        **{f"advisers.engaged.{kind.value}": one(f"{engaged} AND t.kind = '{kind.value}'") for kind in AdviserKind},
        "advisers.serving": one(serving),
        **{f"advisers.serving.{kind.value}": one(f"{serving} AND t.kind = '{kind.value}'") for kind in AdviserKind},
        "advisers.units_served": f"COUNT(DISTINCT CASE WHEN {serving} THEN t.org_id END)",
    }, f"""FROM advisers_legaladviser t
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND {serving}""")  # engaged in the period ⊆ serving in it
    return [("LegalAdviser by org", "scalar", advisers)]


def reconsideration_sql():
    from fazhi.core.choices import OrgKind
    from fazhi.reconsideration.choices import CORRECTED, ActKind, Outcome

    rec = within("t.received_on")
    clo = within("t.closed_on")
    ended = "t.ended_before_acceptance_on <= %(e)s"
    c = {
        "reconsideration.received": one(rec),
        "reconsideration.accepted": one(f"{rec} AND t.accepted_on <= %(e)s"),
        "reconsideration.accepted_in_period": one(within("t.accepted_on")),
        "reconsideration.deemed_accepted": one(f"{rec} AND t.accepted_on <= %(e)s AND t.acceptance_kind = 'deemed_accepted'"),
        "reconsideration.resolved_before_acceptance": one(f"{rec} AND t.state = 'resolved_before_acceptance' AND {ended}"),
        "reconsideration.redirected": one(f"{rec} AND t.state = 'redirected' AND {ended}"),
        "reconsideration.refused": one(f"{rec} AND t.state = 'refused' AND {ended}"),
        "reconsideration.abandoned": one(f"{rec} AND t.state = 'abandoned' AND {ended}"),
        "reconsideration.pending_acceptance": one(
            f"{rec} AND (t.accepted_on IS NULL OR t.accepted_on > %(e)s)"
            " AND (t.ended_before_acceptance_on IS NULL OR t.ended_before_acceptance_on > %(e)s)"),
        "reconsideration.carried_over": one("t.accepted_on < %(s)s AND (t.closed_on IS NULL OR t.closed_on >= %(s)s)"),
        "reconsideration.closed": one(f"{clo} AND t.outcome <> ''"),
        "reconsideration.closed_carried_over": one(f"{clo} AND t.accepted_on < %(s)s"),
        **{f"reconsideration.{o}": one(f"{clo} AND t.outcome = '{o}'") for o in Outcome.values},
        "reconsideration.settled": one(f"{clo} AND t.outcome = 'terminated' AND t.termination_reason = 'settled'"),
        "reconsideration.withdrawn": one(f"{clo} AND t.outcome = 'terminated' AND t.termination_reason IN ('withdrawn', 'settled')"),
        "reconsideration.corrected": one(f"{clo} AND t.outcome IN {values(CORRECTED)}"),
        "reconsideration.closed_on_time": one(f"{clo} AND t.outcome <> '' AND t.decision_due IS NOT NULL AND t.closed_on <= t.decision_due"),
        "reconsideration.pending_at_end": one("t.accepted_on <= %(e)s AND (t.closed_on IS NULL OR t.closed_on > %(e)s)"),
        "reconsideration.incidental_review": one(f"{rec} AND t.incidental_review"),
        # breakdowns folded into the pass: the act kinds, and the respondent's level (its org's kind)
        **{f"reconsideration.by_act_kind={k}": one(f"{rec} AND t.act_kind = '{k}'") for k in ActKind.values},
        **{f"reconsideration.by_respondent_level={k}": one(f"{rec} AND ro.kind = '{k}'") for k in OrgKind.values},
        "reconsideration.by_respondent_level=": one(f"{rec} AND ro.kind IS NULL"),
    }
    by_org = select(c, """FROM reconsideration_reconsiderationcase t
LEFT JOIN core_org ro ON ro.id = t.respondent_org_id
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s)
  AND (t.received_on BETWEEN %(s)s AND %(e)s OR t.accepted_on BETWEEN %(s)s AND %(e)s OR t.closed_on BETWEEN %(s)s AND %(e)s
       OR (t.accepted_on <= %(e)s AND (t.closed_on IS NULL OR t.closed_on >= %(s)s)))""")
    by_respondent = select({
        "reconsideration.respondent.received": one(rec),
        "reconsideration.respondent.closed": one(f"{clo} AND t.outcome <> ''"),
        "reconsideration.respondent.upheld": one(f"{clo} AND t.outcome = 'upheld'"),
        "reconsideration.respondent.corrected": one(f"{clo} AND t.outcome IN {values(CORRECTED)}"),
    }, """FROM reconsideration_reconsiderationcase t
WHERE t.respondent_org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND (t.received_on BETWEEN %(s)s AND %(e)s OR t.closed_on BETWEEN %(s)s AND %(e)s)""")
    return [
        ("ReconsiderationCase by org", "scalar", by_org),
        ("ReconsiderationCase by respondent_org", "scalar", by_respondent),
        ("reconsideration.by_respondent", "group", """SELECT t.respondent_name, COUNT(*)
FROM reconsideration_reconsiderationcase t
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.received_on BETWEEN %(s)s AND %(e)s
GROUP BY t.respondent_name"""),
        ("reconsideration.by_area", "group", """SELECT t.area_id, a.name, COUNT(*)
FROM reconsideration_reconsiderationcase t
LEFT JOIN reconsideration_managementarea a ON a.id = t.area_id
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.received_on BETWEEN %(s)s AND %(e)s
GROUP BY t.area_id, a.name"""),
    ]


def litigation_sql():
    from fazhi.litigation.choices import LOST, MEDIATED_OR_WITHDRAWN, WON

    first = "t.trial_level = 'first_instance'"
    closed = "t.result <> '' AND t.closed_on IS NOT NULL"
    clo = within("t.closed_on")
    conditions = {
        "received": f"{within('t.complaint_received_on')} AND {first}",
        "closed_first_instance": f"{clo} AND {first} AND {closed}",
        "won": f"{clo} AND {first} AND t.result IN {values(WON)}",
        "lost": f"{clo} AND {first} AND t.result IN {values(LOST)}",
        "withdrawn": f"{clo} AND {first} AND t.result = 'withdrawn'",
        "withdrawn_after_change": f"{clo} AND {first} AND t.result = 'withdrawn' AND t.withdrawal_after_change",
        "mediated": f"{clo} AND {first} AND t.result = 'mediated'",
        "mediated_or_withdrawn": f"{clo} AND {first} AND t.result IN {values(MEDIATED_OR_WITHDRAWN)}",
        "terminated": f"{clo} AND {first} AND t.result = 'terminated'",
        "closed": f"{clo} AND {closed}",
        "heard": f"{clo} AND {closed} AND t.heard",
        "head_appeared": f"{clo} AND {closed} AND t.head_appeared",
        "principal_appeared": f"{clo} AND {closed} AND t.principal_appeared",
        "defence_late": f"{within('t.defence_filed_on')} AND t.defence_late",
    }
    scopes = {
        "": "",
        ".government": " AND o.kind = 'government' AND NOT t.co_defendant_government",
        ".departments": " AND o.kind IN ('bureau', 'department', 'township')",
    }
    by_defendant = select(
        {f"litigation.{name}{suffix}": one(cond + extra) for suffix, extra in scopes.items() for name, cond in conditions.items()},
        """FROM litigation_lawsuit t
JOIN core_org o ON o.id = t.defendant_org_id
WHERE t.defendant_org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s)
  AND (t.complaint_received_on BETWEEN %(s)s AND %(e)s OR t.closed_on BETWEEN %(s)s AND %(e)s
       OR t.defence_filed_on BETWEEN %(s)s AND %(e)s)""")
    after = select({
        "reconsideration.lawsuits_after": one(f"{within('t.complaint_received_on')} AND {first}"),
        "reconsideration.lost_after": one(f"{clo} AND {first} AND t.result IN {values(LOST)}"),
    }, """FROM litigation_lawsuit t
JOIN reconsideration_reconsiderationcase rc ON rc.id = t.reconsideration_case_id
WHERE rc.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND (t.complaint_received_on BETWEEN %(s)s AND %(e)s OR t.closed_on BETWEEN %(s)s AND %(e)s)""")
    return [("Lawsuit by defendant_org", "scalar", by_defendant), ("Lawsuit by reconsideration_case__org", "scalar", after)]


def normative_sql():
    from fazhi.normative.choices import Disposition, FilingOutcome

    pub = f"{within('t.published_on')} AND t.state = 'published'"
    in_force = ("t.state = 'published' AND t.published_on <= %(e)s AND (t.ended_on IS NULL OR t.ended_on > %(e)s)"
                " AND (t.expires_on IS NULL OR t.expires_on >= %(e)s)")
    documents = select({
        "normative.issued": one(pub),
        "normative.reviewed": one(f"{pub} AND lr.state = 'issued'"),
        "normative.filed": one(f"{pub} AND t.filed_on IS NOT NULL"),
        "normative.filed_on_time": one(f"{pub} AND t.filed_on_time"),
        "normative.in_force": one(in_force),
        "normative.in_force.government": one(f"{in_force} AND o.kind = 'government'"),
        "normative.in_force.department": one(f"{in_force} AND o.kind IN ('department', 'bureau')"),
        "normative.in_force.township": one(f"{in_force} AND o.kind = 'township'"),
    }, """FROM normative_normativedocument t
JOIN core_org o ON o.id = t.issuer_id
LEFT JOIN legality_reviewrequest lr ON lr.id = t.legality_review_id
WHERE t.issuer_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.state = 'published' AND t.published_on <= %(e)s""")
    app = f"c.state = 'applied' AND {within('c.applied_on')}"
    cleanup = select({
        "normative.cleaned": one(app),
        **{f"normative.cleanup_{d}": one(f"{app} AND t.disposition = '{d}'") for d in Disposition.values},
        "normative.cleanup_repealed_or_invalid": one(f"{app} AND t.disposition IN ('repealed', 'declared_invalid')"),
    }, """FROM normative_cleanupitem t
JOIN normative_cleanupcampaign c ON c.id = t.campaign_id
WHERE c.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND c.applied_on BETWEEN %(s)s AND %(e)s""")
    filings = select({
        "normative.filings_submitted": one(within("t.submitted_on")),
        **{f"normative.filing_{x}": one(f"{within('t.outcome_on')} AND t.outcome = '{x}'") for x in FilingOutcome.values},
    }, """FROM normative_filingrecord t
JOIN normative_normativedocument nd ON nd.id = t.document_id
WHERE nd.issuer_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND (t.submitted_on BETWEEN %(s)s AND %(e)s OR t.outcome_on BETWEEN %(s)s AND %(e)s)""")
    return [
        ("NormativeDocument by issuer", "scalar", documents),
        ("CleanupItem by campaign__org", "scalar", cleanup),
        ("FilingRecord by document__issuer", "scalar", filings),
        # two breakdowns over the same grouping (the issuer) in one GROUP BY
        ("normative.in_force_by_issuer+issued_by_issuer", "groups2", f"""SELECT t.issuer_id, o.name, {one(in_force)}, {one(pub)}
FROM normative_normativedocument t JOIN core_org o ON o.id = t.issuer_id
WHERE t.issuer_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.state = 'published' AND t.published_on <= %(e)s
GROUP BY t.issuer_id, o.name"""),
        ("normative.cleaned_by_campaign", "group", """SELECT t.campaign_id, c.name, COUNT(*)
FROM normative_cleanupitem t JOIN normative_cleanupcampaign c ON c.id = t.campaign_id
WHERE c.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND c.state = 'applied' AND c.applied_on BETWEEN %(s)s AND %(e)s
GROUP BY t.campaign_id, c.name"""),
    ]


def legality_sql():
    from fazhi.legality.choices import Conclusion, ReviewKind

    sub = within("t.submitted_on")
    issued = f"{within('t.opinion_on')} AND t.state = 'issued'"
    requests = select({
        "legality.received": one(sub),
        **{f"legality.received.{k}": one(f"{sub} AND t.kind = '{k}'") for k in ReviewKind.values},
        "legality.withdrawn": one(f"{sub} AND t.state = 'withdrawn'"),
        "legality.reviewed": one(issued),
        **{f"legality.reviewed.{k}": one(f"{issued} AND t.kind = '{k}'") for k in ReviewKind.values},
        **{f"legality.{c}": one(f"{issued} AND t.conclusion = '{c}'") for c in Conclusion.values},
        "legality.reviewed_on_time": one(f"{issued} AND t.due_on IS NOT NULL AND t.opinion_on <= t.due_on"),
        "legality.adviser_consulted": one(f"{issued} AND EXISTS (SELECT 1 FROM legality_adviserconsultation a WHERE a.review_id = t.id)"),
        "legality.review_days_total": total(issued, "t.review_working_days"),
        "legality.review_days_n": f"COUNT(CASE WHEN {issued} THEN t.review_working_days END)",  # the average = total ÷ n
        "legality.review_days_longest": f"MAX(CASE WHEN {issued} THEN t.review_working_days END)",
        # the breakdown by kind is the received counts by kind above
    }, """FROM legality_reviewrequest t
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND (t.submitted_on BETWEEN %(s)s AND %(e)s OR t.opinion_on BETWEEN %(s)s AND %(e)s)""")
    items = select({
        "legality.opinion_items": one("r.state = 'issued'"),
        "legality.opinion_items_adopted": one("r.state = 'issued' AND t.adopted"),
    }, """FROM legality_opinionitem t
JOIN legality_reviewrequest r ON r.id = t.review_id
WHERE r.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND r.opinion_on BETWEEN %(s)s AND %(e)s""")
    topics = select({
        "legality.topics_put": one("t.put_to_meeting"),
        "legality.topics_reviewed": one("t.put_to_meeting AND t.reviewed"),
    }, """FROM legality_meetingtopic t
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.meeting_on BETWEEN %(s)s AND %(e)s""")
    return [
        ("ReviewRequest by org", "scalar", requests),
        ("OpinionItem by review__org", "scalar", items),
        ("MeetingTopic by org", "scalar", topics),
        ("legality.by_submitting_org", "group", """SELECT t.submitting_org_id, so.name, COUNT(*)
FROM legality_reviewrequest t JOIN core_org so ON so.id = t.submitting_org_id
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.submitted_on BETWEEN %(s)s AND %(e)s
GROUP BY t.submitting_org_id, so.name"""),
    ]


def decisions_sql():
    from fazhi.decisions.choices import ProcedureKind
    from fazhi.decisions.models import AdministrativeContract

    keys = {
        "public_participation": "consultations", "hearing": "hearings", "expert_review": "expert_reviews",
        "risk_assessment": "risk_assessments", "legality_review": "legality_reviews", "collective_decision": "collective_decisions",
    }
    assert set(keys) == set(ProcedureKind.values)
    decided = f"{within('t.decided_on')} AND t.state IN ('decided', 'published', 'archived')"
    decisions = select({
        "decisions.initiated": one(within("t.initiated_on")),
        "decisions.catalogue_items": one("cat.year BETWEEN %(sy)s AND %(ey)s"),
        "decisions.decided": one(decided),
        "decisions.complete": one(f"{decided} AND t.complete"),
        "decisions.incomplete": one(f"{decided} AND NOT t.complete"),
        "decisions.technical": one(f"{decided} AND t.technical"),
        "decisions.stability_risk": one(f"{decided} AND t.stability_risk"),
        "decisions.published": one(within("t.published_on")),
        "decisions.archived": one(within("t.archived_on")),
        "decisions.post_evaluated": one(within("t.post_evaluated_on")),
        "decisions.terminated": one(f"{within('t.terminated_on')} AND t.state = 'terminated'"),
    }, """FROM decisions_majordecision t
LEFT JOIN decisions_decisioncatalogue cat ON cat.id = t.catalogue_id
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s)
  AND (t.initiated_on BETWEEN %(s)s AND %(e)s OR t.decided_on BETWEEN %(s)s AND %(e)s OR t.published_on BETWEEN %(s)s AND %(e)s
       OR t.archived_on BETWEEN %(s)s AND %(e)s OR t.post_evaluated_on BETWEEN %(s)s AND %(e)s
       OR t.terminated_on BETWEEN %(s)s AND %(e)s OR cat.year BETWEEN %(sy)s AND %(ey)s)""")
    procedures = select({
        "decisions.procedures": "COUNT(*)",
        **{f"decisions.{key}": one(f"t.kind = '{kind}'") for kind, key in keys.items()},  # = the breakdown by kind
        "decisions.opinions_received": "SUM(t.opinions_received)",
        "decisions.opinions_adopted": "SUM(t.opinions_adopted)",
        "decisions.experts": total("t.kind = 'expert_review'", "t.experts"),
    }, """FROM decisions_procedure t
JOIN decisions_majordecision d ON d.id = t.decision_id
WHERE d.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s) AND t.held_on BETWEEN %(s)s AND %(e)s""")
    signed = f"{within('t.signed_on')} AND t.state IN ('signed', 'completed', 'terminated')"
    filed = f"{signed} AND t.filed_on <= %(e)s"
    contracts = select({
        "contracts.signed": one(signed),
        "contracts.reviewed": one(f"{signed} AND t.legality_review_id IS NOT NULL"),
        "contracts.review_required": one(f"{signed} AND t.review_required"),
        "contracts.required_reviewed": one(f"{signed} AND t.review_required AND t.legality_review_id IS NOT NULL"),
        "contracts.filed": one(filed),
        "contracts.filed_on_time": one(f"{filed} AND t.filing_due IS NOT NULL AND t.filed_on <= t.filing_due"),
        "contracts.disputes": one(within("t.disputed_on")),
        "contracts.completed": one(within("t.completed_on")),
        "contracts.terminated": one(within("t.terminated_on")),
        "contracts.amount": total(signed, "t.amount"),
        **{f"contracts.by_kind={k}": one(f"{signed} AND t.kind = '{k}'")
           for k, _ in AdministrativeContract._meta.get_field("kind").flatchoices},
    }, """FROM decisions_administrativecontract t
WHERE t.org_id IN (SELECT id FROM core_org WHERE path LIKE %(p)s)
  AND (t.signed_on BETWEEN %(s)s AND %(e)s OR t.disputed_on BETWEEN %(s)s AND %(e)s
       OR t.completed_on BETWEEN %(s)s AND %(e)s OR t.terminated_on BETWEEN %(s)s AND %(e)s)""")
    return [
        ("MajorDecision by org", "scalar", decisions),
        ("Procedure by decision__org", "scalar", procedures),
        ("AdministrativeContract by org", "scalar", contracts),
    ]


#: The registries (app labels) whose indicators have hand-written statements here, and the statements.
HAND_WRITTEN = {"advisers": advisers_sql, "reconsideration": reconsideration_sql, "litigation": litigation_sql,
                "normative": normative_sql, "legality": legality_sql, "decisions": decisions_sql}


def statements():
    return [stmt for sql in HAND_WRITTEN.values() for stmt in sql()]


def registry_of(key):
    """The app label of the registry whose model indicator ``key`` counts (a rate: its first numerator's)."""
    from fazhi.indicators import definitions

    x, seen = definitions.REGISTRY.get(key), set()
    while x is not None and getattr(x, "model", None) is None and getattr(x, "numerator_keys", None) and x.key not in seen:
        seen.add(x.key)
        x = definitions.REGISTRY.get(x.numerator_keys[0])
    model = getattr(x, "model", None)
    return model._meta.app_label if model is not None else key.split(".")[0]


def compared_keys():
    """(the keys with hand-written statements, {app label: number of keys} of the registries without any): a
    registry added without a statement here is left out of the comparison and named, not counted a mismatch."""
    from fazhi.indicators import definitions

    keys, left_out = [], {}
    for key in definitions.REGISTRY:
        label = registry_of(key)
        if label in HAND_WRITTEN:
            keys.append(key)
        else:
            left_out[label] = left_out.get(label, 0) + 1
    return keys, left_out


def run_hand(connection, stmts, org, start, end):
    """Every hand-written statement once: ({key: value} of the one-pass statements, {name: rows} of the GROUP BYs)."""
    params = {"s": start, "e": end, "p": org.path + "%", "sy": start.year, "ey": end.year}
    scalars, groups = {}, {}
    with connection.cursor() as cursor:
        for name, kind, sql in stmts:
            cursor.execute(sql, params)
            if kind == "scalar":
                row = cursor.fetchone()
                scalars.update(zip([c[0] for c in cursor.description], row, strict=True))
            else:
                groups[name] = cursor.fetchall()
    return scalars, groups


# ---- verification ------------------------------------------------------------------------------------------
def verify(values, hand):
    """Compare the engine's values with the hand-written results; the list of mismatches."""
    from fazhi.indicators import definitions

    scalars, groups = hand
    bad = []

    def check(key, engine_value, hand_value):
        if engine_value != hand_value:
            bad.append(f"{key}: fazhi {engine_value!r} ≠ hand-written {hand_value!r}")

    for key, v in values.items():
        if v.kind == "count":
            check(key, v.value, scalars.get(key) or 0)
        elif v.kind == "sum":
            raw = scalars.get(key) or 0
            check(key, Decimal(str(v.value)).quantize(Decimal("0.01")), Decimal(str(raw)).quantize(Decimal("0.01")))
        elif v.kind == "max":
            check(key, v.value, scalars.get(key))
        elif v.kind == "average":
            n = scalars.get(key.replace("_average", "_n")) or 0
            mean = None if not n else (Decimal(scalars[key.replace("_average", "_total")]) / n).quantize(
                Decimal(1).scaleb(-definitions.get(key).decimals), rounding=ROUND_HALF_UP)
            check(key, v.value, mean)
    # breakdowns: {category: count}
    engine = {k: {i["key"]: i["count"] for i in v.items} for k, v in values.items() if v.kind == "breakdown"}
    hand_b = {k: {} for k in engine}
    for key, n in scalars.items():
        if "=" in key and n:
            name, category = key.split("=", 1)
            hand_b[name][category or None] = n
    for key in ("legality.by_kind",):
        hand_b[key] = {k.rsplit(".", 1)[1]: n for k, n in scalars.items() if k.startswith("legality.received.") and n}
    hand_b["decisions.procedures_by_kind"] = {
        kind: scalars[f"decisions.{key}"] for kind, key in {
            "public_participation": "consultations", "hearing": "hearings", "expert_review": "expert_reviews",
            "risk_assessment": "risk_assessments", "legality_review": "legality_reviews", "collective_decision": "collective_decisions",
        }.items() if scalars.get(f"decisions.{key}")}
    for name, rows in groups.items():
        if name == "normative.in_force_by_issuer+issued_by_issuer":
            hand_b["normative.in_force_by_issuer"] = {r[0]: r[2] for r in rows if r[2]}
            hand_b["normative.issued_by_issuer"] = {r[0]: r[3] for r in rows if r[3]}
        else:
            hand_b[name] = {r[0]: r[-1] for r in rows}
    for key in engine:
        check(key, engine[key], hand_b.get(key))
    return bad


# ---- the benchmark -----------------------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_db_arguments(parser)
    parser.add_argument("--n", type=int, default=10, help="timed runs of each (default 10)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--year", type=int, default=None, help="the year (default: the last full year)")
    parser.add_argument("--county", default="demo", help="the county of the county-year (default demo)")
    parser.add_argument("--province", default="zj", help="the org of the province-year (default zj)")
    args = parser.parse_args(argv)

    vendor = common.setup_django(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from fazhi.core.models import Org
    from fazhi.indicators import definitions
    from fazhi.indicators.engine import Engine, Scope

    year = args.year or timezone.localdate().year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    stmts = statements()
    keys, left_out = compared_keys()
    common.header(f"indicators: all {len(keys)} indicators, fazhi vs hand-written SQL, {year}", vendor)
    for label, n in left_out.items():
        print(f"  [info] {label}: {n} indicators not compared — no hand-written statement in bench/indicators.py (HAND_WRITTEN)")

    results = {}
    failed = False
    for label, code in (("county-year", args.county), ("province-year", args.province)):
        org = Org.objects.get(code=code)

        def fazhi(org=org):
            return Engine(Scope(org, True, None), start, end).evaluate(keys)

        def hand(org=org):
            return run_hand(connection, stmts, org, start, end)

        with CaptureQueriesContext(connection) as q_fazhi:
            t = time.perf_counter()
            values = fazhi()
            first = (time.perf_counter() - t) * 1000
        with CaptureQueriesContext(connection) as q_hand:
            hand_values = hand()
        bad = verify(values, hand_values)
        n_counts = sum(1 for v in values.values() if v.kind in definitions.SCALAR_KINDS)
        n_breakdowns = sum(1 for v in values.values() if v.kind == "breakdown")
        if bad:
            failed = True
            print(f"{label} {code}: {len(bad)} MISMATCHES between fazhi and the hand-written SQL:")
            for line in bad:
                print("   ", line)
        else:
            print(f"{label} {code} ({org.name}): verified — {n_counts} counts and measures and {n_breakdowns} breakdowns equal")
        print(f"    fazhi's first run {first:.0f} ms (the first in a process compiles the queries of each shape, then reused)")
        for _ in range(args.warmup - 1):  # the verification run above was the first warm-up
            fazhi(), hand()
        samples = {"fazhi": [], "hand-written": []}
        order = (("fazhi", fazhi), ("hand-written", hand))
        for i in range(args.n):
            for name, fn in order if i % 2 == 0 else order[::-1]:
                samples[name] += common.time_ms(fn, 1, warmup=0)
        results[label] = {
            "fazhi": (*common.summary(samples["fazhi"]), len(q_fazhi)),
            "hand-written": (*common.summary(samples["hand-written"]), len(q_hand)),
        }

    print(f"\nN={args.n} (warm-up {args.warmup})")
    print(f"{'':<14} {'':<13} {'mean ms':>9} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8}")
    for label, rows in results.items():
        for name, (mean, p50, p95, q) in rows.items():
            print(f"{label:<14} {name:<13} {mean:>9.1f} {p50:>9.1f} {p95:>9.1f} {q:>8}")
        f, h = rows["fazhi"], rows["hand-written"]
        print(f"{label:<14} {'ratio':<13} {f[0] / h[0]:>9.2f} {f[1] / h[1]:>9.2f} {f[2] / h[2]:>9.2f} {f[3] / h[3]:>8.1f}   (fazhi ÷ hand-written)")

    county, province = results["county-year"], results["province-year"]
    worst = max(rows["fazhi"][1] / rows["hand-written"][1] for rows in results.values())
    print()
    print(common.verdict(worst <= 1.5, f"within 1.5× of the hand-written query (p50 ratio, worst of the two: {worst:.2f}×)"))
    print(common.verdict(county["fazhi"][2] < 100, f"one county-year under 100 ms (p95 {county['fazhi'][2]:.1f} ms)"))
    text = f"a province-year under 3 s on PostgreSQL (p95 {province['fazhi'][2] / 1000:.2f} s)"
    if vendor == "postgresql":
        print(common.verdict(province["fazhi"][2] < 3000, text))
    else:
        print(f"  [info] {text} — measured on {vendor}, the target is for PostgreSQL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
