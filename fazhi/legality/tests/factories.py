"""Factories of the legality review tests.

``ReviewFactory`` saves through the model (review number, stored deadline, field history); the reviewing
office defaults to the demo county's justice bureau and the submitting unit must be passed in, because who
sent a draft is what scope tests are about. ``review_at`` puts a request at a stage directly, as a ledger
would hold it; ``run`` walks the real workflow."""

from datetime import date

import factory

from fazhi.core.testing.helpers import at, do, filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.legality.choices import ReviewKind, State
from fazhi.legality.models import MeetingTopic, ReviewRequest
from fazhi.legality.services import WORKFLOW


class ReviewFactory(factory.django.DjangoModelFactory):
    """A normative-document draft sent on 2024-09-02 to the demo bureau, not yet received."""

    class Meta:
        model = ReviewRequest

    org = factory.LazyFunction(lambda: org("demo-sfj"))
    kind = ReviewKind.NORMATIVE_DOCUMENT
    title = factory.Sequence(lambda n: f"关于加强农村宅基地管理的通知（送审稿{n}）")
    submitted_on = date(2024, 9, 2)
    submitting_org = factory.LazyAttribute(lambda o: o.org.serves or o.org)  # a station's township, else the unit itself


def review_at(stage, submitting_org, *, received_on=date(2024, 9, 3), opinion_on=None, conclusion="lawful", working_days=None, **fields):
    """A request saved at ``stage`` (submitted, reviewing, issued, withdrawn)."""
    stage = State(stage)
    values = dict(submitting_org=submitting_org, state=stage)
    if stage != State.SUBMITTED:
        values["received_on"] = received_on
    if stage == State.ISSUED:
        values.update(opinion_on=opinion_on or received_on, conclusion=conclusion, review_working_days=working_days)
    values.update(fields)
    return ReviewFactory(**values)


def run(review, name, user=None, **data):
    """Run one workflow transition through the service (the form's cleaned data given directly)."""
    obj, _ = WORKFLOW.run(review, name, data, user=user)
    return obj


# ---------------------------------------------------------------- the ledger workbook


def ledger_workbook(rows, resource=None):
    """An import workbook as the bureau would fill it: the template of ``resource`` (the review ledger's by default)."""
    from fazhi.legality.resources import ReviewRequestResource

    return filled_template(resource or ReviewRequestResource, rows)


def ledger_row(**overrides):
    row = {
        "送审单位": "示范县公安局",
        "送审类别": "规范性文件草案",
        "送审事项名称": "示范县电动自行车管理办法（送审稿）",
        "送审日期": "2024-03-01",
    }
    row.update(overrides)
    return row


class MeetingTopicFactory(factory.django.DjangoModelFactory):
    """A topic put to the county government's executive meeting of 2024-05-20, not reviewed."""

    class Meta:
        model = MeetingTopic

    title = factory.Sequence(lambda n: f"关于示范县农村公路养护办法的议题{n}")
    meeting_name = "县政府第12次常务会议"
    meeting_on = date(2024, 5, 20)
