"""Factories of the decisions tests.

The handling unit (``org``) is always passed in: which unit a record belongs to is what scope tests are about.
``review(...)`` makes a legality review of the justice bureau already issued (the legality registry's own
workflow is not what these tests are about); ``held(decision, kind, on)`` records a procedure directly."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from fazhi.core.testing.helpers import at, do, exported, filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.decisions.choices import (
    ContractKind,
    CounterpartyKind,
    MeetingKind,
    ParticipationMethod,
    ProcedureKind,
)
from fazhi.decisions.models import AdministrativeContract, DecisionCatalogue, MajorDecision, Procedure


def government_of(unit):
    """The people's government a unit belongs to: itself, or the nearest government above it."""
    from fazhi.core.choices import OrgKind

    while unit.kind != OrgKind.GOVERNMENT and unit.parent_id is not None:
        unit = unit.parent
    return unit


class DecisionFactory(factory.django.DjangoModelFactory):
    """An item of the county government, initiated on 2024-03-01, not technical, no stability risk."""

    class Meta:
        model = MajorDecision

    title = factory.Sequence(lambda n: f"示范县第{n}项重大行政决策事项")
    deciding_body = factory.LazyAttribute(lambda o: government_of(o.org))
    initiated_on = date(2024, 3, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("DecisionFactory needs org=…: the handling unit is part of every scope test.")
        return super()._create(model_class, *args, **kwargs)


def held(decision, kind, on, **fields):
    """A procedure of ``kind`` held on ``on`` (a public consultation of 30 days, a collective decision at the
    executive meeting, unless ``fields`` say otherwise)."""
    if kind == ProcedureKind.PUBLIC_PARTICIPATION:
        fields.setdefault("participation_method", ParticipationMethod.PUBLIC_CONSULTATION)
        fields.setdefault("ended_on", on + timedelta(days=fields.pop("days", 30)))
    if kind == ProcedureKind.COLLECTIVE_DECISION:
        fields.setdefault("meeting_kind", MeetingKind.EXECUTIVE)
        fields.setdefault("meeting_name", "县政府第8次常务会议")
    return Procedure.objects.create(decision=decision, kind=kind, held_on=on, **fields)


def review(kind="major_decision", submitting="demo-d04", opinion_on=date(2024, 5, 20), conclusion="lawful", title="送审稿", issued=True):
    """A legality review of the justice bureau, received two weeks before its opinion."""
    from fazhi.legality.models import ReviewRequest

    received = opinion_on.replace(day=1) if opinion_on.day > 14 else opinion_on
    r = ReviewRequest(org=org("demo-sfj"), kind=kind, title=title, submitting_org=org(submitting), submitted_on=received, received_on=received,
                      state="issued" if issued else "reviewing")
    if issued:
        r.conclusion, r.opinion_on = conclusion, opinion_on
    r.save()
    return r


class ContractFactory(factory.django.DjangoModelFactory):
    """A draft procurement contract of 500,000 yuan with a company."""

    class Meta:
        model = AdministrativeContract

    title = factory.Sequence(lambda n: f"办公设备采购合同（第{n}号）")
    kind = ContractKind.PROCUREMENT
    counterparty_kind = CounterpartyKind.ORGANISATION
    counterparty_name = "浙江宏达建设工程有限公司"
    amount = Decimal("500000")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("ContractFactory needs org=…")
        if kwargs.get("signed_on") and "state" not in kwargs:
            kwargs["state"] = "signed"
        return super()._create(model_class, *args, **kwargs)


# ---------------------------------------------------------------- workbooks


def workbook(resource_class, rows):
    return filled_template(resource_class, rows)


# ---------------------------------------------------------------- time and the web


class CatalogueFactory(factory.django.DjangoModelFactory):
    """A unit's catalogue of major decisions for a year (one per unit and year), published 2024-02-20."""

    class Meta:
        model = DecisionCatalogue

    year = factory.Sequence(lambda n: 2000 + n % 26)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度重大行政决策事项目录")
    party_agreed_on = date(2024, 2, 10)
    published_on = date(2024, 2, 20)
    channel = "县政府门户网站"
