"""Cleanup campaigns (清理): documents are selected by rule into a campaign, each gets a disposition, and
applying the campaign changes every document's status in one transaction (field history and an audit event),
then publishes the list of documents still in force as a page and an Excel workbook."""

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.workflow import TransitionRefused
from fazhi.normative.models import CleanupCampaign, CleanupItem, NormativeDocument
from fazhi.normative.services import CAMPAIGN_WORKFLOW

from .factories import at, org, stock


@pytest.fixture(autouse=True)
def _later():
    with time_machine.travel(at(date(2024, 12, 20)), tick=False):
        yield


@pytest.fixture
def stockpile(county):
    return {
        "old": stock("demo", date(2012, 5, 1), title="示范县城镇房屋拆迁管理办法"),
        "older2": stock("demo-d01", date(2014, 3, 1), title="示范县烟花爆竹燃放管理规定"),
        "expiring": stock("demo", date(2020, 3, 1), validity_years=5, title="示范县政府投资项目管理办法"),
        "interim": stock("demo-d05", date(2021, 6, 1), validity_years=2, title="示范县出租汽车经营管理暂行办法"),
        "keyword": stock("demo-d02", date(2022, 1, 5), validity_years=5, title="示范县优化营商环境若干措施", legal_basis="《优化营商环境条例》"),
        "fresh": stock("demo", date(2024, 1, 5), validity_years=5, title="示范县公共资源交易管理办法"),
        "repealed": stock("demo", date(2013, 1, 5), title="已废止的文件", status="repealed", ended_on=date(2020, 1, 1)),
        "elsewhere": stock(org("other"), date(2010, 1, 1), title="邻县的文件"),
    }


def step(campaign, name, user=None, **data):
    return CAMPAIGN_WORKFLOW.run(campaign, name, data, user=user)[0]


def campaign_(cast):
    return CleanupCampaign.objects.create(org=org("demo-sfj"), name="2024年规范性文件集中清理", scope_org=org("demo"), started_on=date(2024, 11, 1),
                                          created_by=cast["bureau"])


def test_documents_are_selected_by_rule(cast, stockpile):
    c = campaign_(cast)
    c = step(c, "select", rule="older_than", years=10, on=date(2024, 11, 1))
    c = step(c, "select", rule="expiring", months=6, on=date(2024, 11, 1))
    c = step(c, "select", rule="interim_lapsed", on=date(2024, 11, 1))
    c = step(c, "select", rule="keyword", keyword="营商环境", on=date(2024, 11, 1))
    c = step(c, "select", rule="older_than", years=10, on=date(2024, 11, 1))  # nothing twice
    got = {i.document.title: i.reason for i in c.items.select_related("document")}
    assert got == {
        "示范县城镇房屋拆迁管理办法": "公布已满10年",
        "示范县烟花爆竹燃放管理规定": "公布已满10年",
        "示范县政府投资项目管理办法": "有效期将在6个月内届满",
        "示范县出租汽车经营管理暂行办法": "暂行、试行文件已过有效期",
        "示范县优化营商环境若干措施": "涉及“营商环境”",
    }
    assert c.criteria.splitlines()[-1] == "2024-11-01 公布已满10年：选取0件"


def test_applying_the_campaign_changes_every_status_at_once(cast, login, stockpile):
    c = campaign_(cast)
    c = step(c, "select", rule="older_than", years=10, on=date(2024, 11, 1))
    c = step(c, "select", rule="expiring", months=6, on=date(2024, 11, 1))
    c = step(c, "select", rule="interim_lapsed", on=date(2024, 11, 1))
    with pytest.raises(TransitionRefused, match="还有4件文件未确定清理结果"):
        step(c, "apply", on=date(2024, 12, 10))
    # The dispositions are entered on the campaign's page (one formset, all rows or none).
    client = login(cast["bureau"])
    items = list(c.items.order_by("id"))
    choice = {"示范县城镇房屋拆迁管理办法": "repealed", "示范县烟花爆竹燃放管理规定": "amended", "示范县政府投资项目管理办法": "kept",
              "示范县出租汽车经营管理暂行办法": "declared_invalid"}
    form = {"items-TOTAL_FORMS": len(items), "items-INITIAL_FORMS": len(items), "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000}
    for n, item in enumerate(items):
        form.update({f"items-{n}-id": item.pk, f"items-{n}-disposition": choice[item.document.title], f"items-{n}-note": ""})
    assert client.post(f"/normative/cleanups/{c.pk}/rows/items/", form).status_code == 302
    r = client.post(f"/normative/cleanups/{c.pk}/do/apply/", {"on": "2024-12-10"})
    assert r.status_code == 302
    docs = {d.title: d for d in NormativeDocument.objects.all()}
    assert (docs["示范县城镇房屋拆迁管理办法"].status, docs["示范县城镇房屋拆迁管理办法"].ended_on) == ("repealed", date(2024, 12, 10))
    assert (docs["示范县出租汽车经营管理暂行办法"].status, docs["示范县出租汽车经营管理暂行办法"].ended_on) == ("declared_invalid", date(2024, 12, 10))
    assert (docs["示范县烟花爆竹燃放管理规定"].status, docs["示范县烟花爆竹燃放管理规定"].ended_on) == ("amended", None)
    assert docs["示范县政府投资项目管理办法"].status == "effective"
    repealed = docs["示范县城镇房屋拆迁管理办法"]
    assert (repealed.history.latest().history_user, repealed.status_note) == (cast["bureau"], "2024年规范性文件集中清理：废止")
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(c.pk)).latest("id")
    assert "公布清理结果" in event.message
    c.refresh_from_db()
    assert (c.state, c.applied_on) == ("applied", date(2024, 12, 10))
    # Applied results are final.
    assert client.post(f"/normative/cleanups/{c.pk}/rows/items/", form).status_code == 400

    # The published list: in force on 10 Dec 2024, within the county.
    page = client.get(f"/normative/cleanups/{c.pk}/in-force/")
    listed = [d.title for d in page.context["documents"]]
    assert sorted(listed) == sorted(["示范县烟花爆竹燃放管理规定", "示范县政府投资项目管理办法", "示范县优化营商环境若干措施", "示范县公共资源交易管理办法"])
    xlsx = client.get(f"/normative/cleanups/{c.pk}/in-force/", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一编号", "文件名称", "制定机关") and sorted(r[1] for r in rows[1:]) == sorted(listed)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, message__contains="现行有效规范性文件目录4件").exists()


def test_a_campaign_and_its_list_are_out_of_reach_outside_its_scope(cast, login, stockpile):
    c = campaign_(cast)
    assert login(cast["dept1"]).get(f"/normative/cleanups/{c.pk}/in-force/").status_code == 404
    assert login(cast["dept1"]).get(f"/normative/cleanups/{c.pk}/").status_code == 404
    assert login(cast["section"]).get(f"/normative/cleanups/{c.pk}/in-force/").status_code == 200
    assert CleanupItem.objects.visible_to(cast["dept1"]).count() == 0
