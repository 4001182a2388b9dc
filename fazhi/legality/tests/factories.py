"""Factories of the legality review tests.

``ReviewFactory`` saves through the model (review number, stored deadline, field history); the reviewing
office defaults to the demo county's justice bureau and the submitting unit must be passed in, because who
sent a draft is what scope tests are about. ``review_at`` puts a request at a stage directly, as a ledger
would hold it; ``run`` walks the real workflow."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from fazhi.core.models import Org
from fazhi.legality.choices import ReviewKind, State
from fazhi.legality.models import MeetingTopic, ReviewRequest
from fazhi.legality.services import WORKFLOW

SHANGHAI = ZoneInfo("Asia/Shanghai")


def org(code):
    return Org.objects.get(code=code)


def at(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


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


def do(client, review, name, **data):
    return client.post(f"/legality/reviews/{review.pk}/do/{name}/", {k: str(v) for k, v in data.items()})


# ---------------------------------------------------------------- the ledger workbook


def ledger_workbook(rows, resource=None):
    from openpyxl import load_workbook

    from fazhi.legality.resources import ReviewRequestResource

    blank = io.BytesIO()
    (resource or ReviewRequestResource)().template(blank)
    blank.seek(0)
    wb = load_workbook(blank)
    ws = wb["数据"]
    columns = {str(c.value).lstrip("*"): c.column for c in ws[1]}
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=r, column=columns[header], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_row(**overrides):
    row = {
        "送审单位": "示范县公安局",
        "送审类别": "规范性文件草案",
        "送审事项名称": "示范县电动自行车管理办法（送审稿）",
        "送审日期": "2024-03-01",
    }
    row.update(overrides)
    return row


def upload(content, name="合法性审查台账.xlsx"):
    f = io.BytesIO(content)
    f.name = name
    return f


class MeetingTopicFactory(factory.django.DjangoModelFactory):
    """A topic put to the county government's executive meeting of 2024-05-20, not reviewed."""

    class Meta:
        model = MeetingTopic

    title = factory.Sequence(lambda n: f"关于示范县农村公路养护办法的议题{n}")
    meeting_name = "县政府第12次常务会议"
    meeting_on = date(2024, 5, 20)
