"""Data scope on the litigation registry beyond the contract suite (fazhi/core/tests/test_contract.py): the
indicators computed with ``--user``, a station's township lawsuits, 我的待办 and the leader's read-only pages."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from fazhi.litigation.choices import Result
from fazhi.litigation.tests.factories import LawsuitFactory, closed, org

NARROW = {
    "station1": ("demo-s01", ["demo-s02", "demo-t02"]),
    "dept1": ("demo-d01", ["demo-d02", "demo"]),
    "outsider": ("other", ["demo", "demo-d01", "demo-s01"]),
}


def records_for(viewer):
    own, foreign = NARROW[viewer]
    mine = closed(org(own), Result.REVOKED, date(2024, 6, 1), plaintiff="本单位原告")[0]
    theirs = [closed(org(code), Result.REVOKED, date(2024, 6, 1), plaintiff=f"他人原告{i}")[0] for i, code in enumerate(foreign)]
    return mine, theirs








@pytest.mark.parametrize("viewer", NARROW)
def test_indicators_computed_for_a_user_count_only_their_scope(viewer, cast):
    records_for(viewer)
    out = io.StringIO()
    call_command("indicators", "--org", "zj", "--year", "2024", "--user", viewer, "--only", "litigation.", "--format", "json", stdout=out)
    values = {v["key"]: v["value"] for v in json.loads(out.getvalue())["values"]}
    assert values["litigation.closed_first_instance"] == 1
    assert values["litigation.lost"] == 1


def test_a_station_sees_the_township_lawsuits_it_handles_and_counts_them_for_the_township(cast, login):
    case = LawsuitFactory(org=org("demo-s01"))
    assert case.defendant_org == org("demo-t01")
    form = login(cast["station1"]).get("/litigation/new/").context["form"]
    assert list(form.fields["defendant_org"].queryset) == [org("demo-t01")]
    assert list(form.fields["org"].queryset) == [org("demo-s01")]


def test_my_todos_show_only_defences_due_in_scope(cast, login):
    from django.utils import timezone

    received = timezone.localdate() - timedelta(days=12)  # due in 3 to 5 days
    mine = LawsuitFactory(org=org("demo-d01"), complaint_received_on=received)
    LawsuitFactory(org=org("demo-d02"), complaint_received_on=received)
    titles = [t.title for t in login(cast["dept1"]).get("/").context["todos"] if t.kind == "行政应诉"]
    assert titles == [f"{mine.case_no}：提交答辩状"]


def test_a_leader_reads_but_cannot_act(cast, login):
    case = LawsuitFactory(org=org("demo-d01"))
    client = login(cast["leader"])
    assert client.get(f"/litigation/{case.pk}/").status_code == 200
    assert client.get(f"/litigation/{case.pk}/do/file_defence/").status_code == 403
    assert client.post(f"/litigation/{case.pk}/do/file_defence/", {"on": "2024-03-10"}).status_code == 403


