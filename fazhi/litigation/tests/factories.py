"""Factories of the litigation registry.

The responsible unit is always passed in (``LawsuitFactory(org=dept)``): which unit a record belongs to is
what scope tests are about. The defendant defaults to the responsible unit (for a 司法所, the township it
serves). ``LawsuitFactory`` saves through the model, so the stored deadline and the history are real;
passing ``result``/``closed_on``/``heard``/``head_appeared`` puts a case at a later stage the way a ledger
would, without walking the workflow."""

from datetime import date
from itertools import count

import factory

from fazhi.core.testing.helpers import filled_template, org, upload  # noqa: F401 — the registry's tests import them from here
from fazhi.litigation.choices import ActKind, Result, State
from fazhi.litigation.models import Hearing, Lawsuit

_numbers = count(1)


class LawsuitFactory(factory.django.DjangoModelFactory):
    """A first-instance suit against a county unit over a penalty, complaint copy received on 2024-03-01."""

    class Meta:
        model = Lawsuit

    court = "示范县人民法院"
    case_no = factory.LazyAttribute(lambda o: f"（{o.complaint_received_on.year}）浙0726行初{next(_numbers)}号")
    plaintiff = factory.Sequence(lambda n: f"原告{n:03d}")
    defendant_org = factory.LazyAttribute(lambda o: o.org.serves or o.org)
    act = "行政处罚决定"
    act_kind = ActKind.PENALTY
    complaint_received_on = date(2024, 3, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("org") is None:
            raise TypeError("LawsuitFactory needs org=…: the responsible unit is part of every scope test.")
        if kwargs.get("result") and "state" not in kwargs:
            kwargs["state"] = State.WITHDRAWN if kwargs["result"] == Result.WITHDRAWN else State.JUDGED
        return super()._create(model_class, *args, **kwargs)


def closed(org, result, closed_on, n=1, **kwargs):
    """``n`` lawsuits of ``org`` closed on ``closed_on`` with ``result``."""
    kwargs.setdefault("complaint_received_on", date(closed_on.year, 1, 5))
    return [LawsuitFactory(org=org, result=result, closed_on=closed_on, **kwargs) for _ in range(n)]


def hearing(lawsuit, **kwargs):
    """Add a hearing and refresh the stored flags, as the workflow does."""
    h = Hearing.objects.create(lawsuit=lawsuit, **kwargs)
    lawsuit.refresh_hearing_flags()
    lawsuit.save()
    return h


def reconsideration_case(outcome, on=date(2024, 1, 10)):
    """A reconsideration case of the bureau, closed on ``on`` with ``outcome`` (None: still open)."""
    from fazhi.reconsideration.choices import ActKind as RActKind
    from fazhi.reconsideration.choices import Procedure
    from fazhi.reconsideration.choices import State as RState
    from fazhi.reconsideration.models import ReconsiderationCase

    return ReconsiderationCase.objects.create(
        org=org("demo-sfj"), received_on=on.replace(day=1), respondent_org=org("demo-d01"), act="行政处罚决定",
        act_kind=RActKind.PENALTY, accepted_on=on.replace(day=2), procedure=Procedure.ORDINARY,
        state=RState.DECIDED if outcome else RState.ACCEPTED, outcome=outcome or "", closed_on=on if outcome else None,
    )


def ledger_workbook(rows):
    """An import workbook as a bureau would fill it: the system's own template, one row per dict of {header: value}."""
    from fazhi.litigation.resources import LawsuitResource

    return filled_template(LawsuitResource, rows)


def ledger_row(case_no, **overrides):
    """One valid ledger row (keys are the sheet's Chinese headers): a closed, heard first-instance case."""
    row = {
        "应诉承办单位": "示范县公安局",
        "法院": "示范县人民法院",
        "案号": case_no,
        "审级": "一审",
        "原告": "王小明",
        "被告": "示范县公安局",
        "是否复议机关共同被告": "否",
        "被诉行政行为": "示公行罚决字〔2024〕12号行政处罚决定",
        "类别": "行政处罚",
        "立案日期": "2024-03-01",
        "收到起诉状日期": "2024-03-05",
        "答辩日期": "2024-03-15",
        "是否开庭": "是",
        "开庭日期": "2024-04-20",
        "负责人是否出庭": "是",
        "出庭负责人": "张建国",
        "职务": "副局长",
        "是否正职": "否",
        "裁判结果": "判决驳回诉讼请求",
        "结案日期": "2024-05-30",
    }
    row.update(overrides)
    return row


