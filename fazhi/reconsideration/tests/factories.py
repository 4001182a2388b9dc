"""Factories of the reconsideration registry.

The handling office is always passed in (``CaseFactory(org=bureau)``): which unit a case belongs to is what
scope tests are about. ``CaseFactory`` saves through the model (case number, stored deadlines, field
history); ``case_at`` puts a case directly at a later stage by setting the fields a ledger would hold
(accepted, decided, served …), without walking the workflow; ``bulk_cases`` writes many rows in a few
queries for the indicator oracles (no history, no case-number sequence: those are not what is counted).
"""

from datetime import date
from itertools import count

import factory

from fazhi.core.testing.helpers import at, do, filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.reconsideration.choices import (
    AcceptanceKind,
    ActKind,
    Outcome,
    PartyRole,
    Procedure,
    State,
    TerminationReason,
)
from fazhi.reconsideration.models import ManagementArea, Party, ReconsiderationCase

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(body17):
    """A 居民身份证号 with the right GB 11643 check character for the 17-digit ``body17``."""
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def wrong_check_digit(valid):
    """The same 18-character number with a different (hence wrong) check character."""
    return valid[:17] + ("0" if valid[17] != "0" else "1")


#: A real-format number (浙江金华 330726 = 浦江县, born 1985-06-15) with its correct check character.
GOOD_ID = id_number("33072619850615123")
BAD_ID = wrong_check_digit(GOOD_ID)


def area(code):
    return ManagementArea.objects.get(code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    """An application received on 2024-09-27 against the county public security bureau, not yet examined."""

    class Meta:
        model = ReconsiderationCase

    received_on = date(2024, 9, 27)
    respondent_name = "示范县公安局"
    act = factory.Sequence(lambda n: f"治安管理处罚决定（示公决字〔2024〕{n}号）")
    act_kind = ActKind.PENALTY

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("CaseFactory needs org=…: the handling office is part of every scope test.")
        return super()._create(model_class, *args, **kwargs)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    role = PartyRole.APPLICANT
    name = "张伟明"
    id_number = GOOD_ID
    phone = "13905791234"


def case_at(stage, org, *, received_on=date(2024, 3, 1), accepted_on=None, closed_on=None, outcome=Outcome.UPHELD,  # noqa: F811
            procedure=Procedure.ORDINARY, **fields):
    """A case saved at ``stage`` ("received", "accepted", "decided", "served", "archived", or a state ending
    before acceptance such as State.REFUSED) with the dates that stage implies."""
    stage = State(stage)
    values = dict(org=org, received_on=received_on, state=stage)
    if stage in (State.REFUSED, State.REDIRECTED, State.RESOLVED, State.ABANDONED):
        values["ended_before_acceptance_on"] = received_on
    if stage in (State.ACCEPTED, State.SUSPENDED, State.DECIDED, State.SERVED, State.ARCHIVED):
        values.update(accepted_on=accepted_on or received_on, acceptance_kind=AcceptanceKind.ACCEPTED, procedure=procedure)
    if stage in (State.DECIDED, State.SERVED, State.ARCHIVED):
        values.update(closed_on=closed_on or values["accepted_on"], outcome=outcome, decision_no="示政复决〔2024〕1号")
        if outcome == Outcome.TERMINATED:
            values["termination_reason"] = TerminationReason.WITHDRAWN
    if stage in (State.SERVED, State.ARCHIVED):
        values["served_on"] = values["closed_on"]
    if stage == State.ARCHIVED:
        values["archived_on"] = values["closed_on"]
    values.update(fields)  # what the test says explicitly wins
    return CaseFactory(**values)


_serial = count(1)


def bulk_cases(specs):
    """Write cases in one INSERT: each spec is a dict of model fields (org, received_on, … as ``case_at`` would
    set them). Returns the number written. Stored deadlines are left empty (no oracle counts them)."""
    rows = []
    for spec in specs:
        spec = dict(spec)
        spec.setdefault("respondent_name", "示范县公安局")
        spec.setdefault("act", "行政处罚决定")
        spec.setdefault("act_kind", ActKind.PENALTY)
        spec.setdefault("case_no", f"测复〔{spec['received_on'].year}〕{next(_serial)}号")
        if spec.get("accepted_on"):
            spec.setdefault("acceptance_kind", AcceptanceKind.ACCEPTED)
            spec.setdefault("procedure", Procedure.ORDINARY)
        if spec.get("outcome") == Outcome.TERMINATED:
            spec.setdefault("termination_reason", TerminationReason.WITHDRAWN)
        if "state" not in spec:
            if spec.get("closed_on"):
                spec["state"] = State.DECIDED
            elif spec.get("accepted_on"):
                spec["state"] = State.ACCEPTED
            else:
                spec["state"] = State.RECEIVED
        rows.append(ReconsiderationCase(**spec))
    ReconsiderationCase.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# ---------------------------------------------------------------- the ledger workbook


def ledger_workbook(rows):
    """An import workbook as a bureau would fill it: the system's own template, one row per dict of {header: value}."""
    from fazhi.reconsideration.resources import ReconsiderationResource

    return filled_template(ReconsiderationResource, rows)


def ledger_row(**overrides):
    """One valid ledger row (keys are the sheet's Chinese headers): received, not yet examined."""
    row = {
        "办理机构": "demo-sfj",
        "收到申请日期": "2024-03-01",
        "申请方式": "当面",
        "申请人": "张伟明",
        "申请人身份证号": GOOD_ID,
        "申请人联系电话": "13905791234",
        "被申请人（其他机关）": "示范县公安局",
        "被申请复议的行政行为": "治安管理处罚决定",
        "行政行为类别": "行政处罚",
        "管理领域": "公安",
    }
    row.update(overrides)
    return row


# ---------------------------------------------------------------- time and the web


