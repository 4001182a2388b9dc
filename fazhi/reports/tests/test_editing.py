"""The report pages: drafting from the index, the editor (chips that cannot be broken, the picker, the
suggestions), saving through JSON — every reference checked, nothing saved on a bad one — freezing,
the frozen version, what changed since, and downloads (audited)."""

import io
import json
import re
from datetime import date

import pytest
import time_machine
from docx import Document

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.reconsideration.choices import Outcome
from fazhi.reports.choices import BlockLevel, ReportPart
from fazhi.reports.models import FrozenReport, ReportBlock, ReportDraft

from .factories import cases, lawsuits, org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _season():
    with time_machine.travel(date(2026, 2, 10), tick=True):
        yield


@pytest.fixture
def draft(cast, login):
    cases(2024, 8)
    cases(2025, 10)
    cases(2025, 2, outcome=Outcome.REVOKED)
    lawsuits(2025, 3)
    client = login(cast["bureau"])
    r = client.post("/reports/", {"org": org("demo").pk, "year": 2025})
    d = ReportDraft.objects.get(org__code="demo", year=2025)
    assert r.status_code == 302 and r["Location"] == f"/reports/{d.pk}/"
    return d


def payload(draft, **changes):
    blocks = [{"id": b.pk, "part": b.part, "section": b.section, "level": b.level, "text": b.text} for b in draft.blocks.order_by("position")]
    data = {"title": draft.title, "addressee": draft.addressee, "issuer": draft.issuer,
            "issue_date": draft.issue_date.isoformat() if draft.issue_date else "", "blocks": blocks}
    data.update(changes)
    return data


def save(client, draft, data):
    return client.post(f"/reports/{draft.pk}/save/", json.dumps(data), content_type="application/json")


def test_the_index_drafts_a_report_and_opens_the_existing_one_the_second_time(draft, client):
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(draft.pk)).exists()
    r = client.post("/reports/", {"org": org("demo").pk, "year": 2025})
    assert r["Location"] == f"/reports/{draft.pk}/" and ReportDraft.objects.count() == 1
    page = client.get("/reports/").content.decode()
    assert "示范县人民政府2025年法治政府建设年度报告" in page and "根据记录生成草稿" in page
    assert client.post("/reports/", {"org": org("demo-s01").pk, "year": 2025}).status_code == 400  # a station writes no report


def test_the_new_draft_form_sent_twice_drafts_once_and_says_so(cast, login):
    import re
    from html import unescape

    client = login(cast["bureau"])
    token = unescape(re.search(r'name="form_token" value="([^"]+)"', client.get("/reports/").content.decode()).group(1))
    data = {"org": org("demo").pk, "year": 2025, "form_token": token}
    assert client.post("/reports/", data).status_code == 302
    d = ReportDraft.objects.get()
    again = client.post("/reports/", data, follow=True)
    assert again.redirect_chain[0] == (f"/reports/{d.pk}/", 302)
    assert "此表单已提交，未重复登记。" in [str(m) for m in again.context["messages"]]
    assert ReportDraft.objects.count() == 1


def test_the_editor_shows_numbers_as_atomic_chips_and_offers_the_indicators(draft, client):
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    chips = re.findall(r'<span class="fz-ref" contenteditable="false" data-ref="([^"]+)" title="[^"]*">([^<]+)</span>', page)
    assert ("reconsideration.received", "12件") in chips
    assert ("reconsideration.received|yoy", "同比增长4件、50.0%") in chips
    assert page.count('contenteditable="true"') == draft.blocks.count()
    # The picker: every referable indicator with its current value, this unit's common ones first.
    options = re.findall(r'data-key="([^"]+)" data-testid="ref-option"', page)
    assert options[0] == "reconsideration.received" and "reconsideration.respondent.received" in options
    assert 'data-insert-ref="reconsideration.correction_rate|yoy"' in page
    assert '<script src="/static/js/report-editor.js" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline scripts (CSP script-src 'self')
    assert "定稿前还需" in page and "存在的不足和原因”尚未填写" in page


def test_a_save_writes_text_order_and_new_blocks_and_keeps_history(draft, client):
    data = payload(draft)
    shortcomings = next(b for b in data["blocks"] if b["part"] == ReportPart.SHORTCOMINGS and b["level"] == BlockLevel.PARAGRAPH)
    shortcomings["text"] = "行政复议案件{{reconsideration.received|yoy}}，源头化解仍需加强。"
    position = data["blocks"].index(shortcomings)
    data["blocks"].insert(position + 1, {"id": None, "part": ReportPart.SHORTCOMINGS, "section": "", "level": BlockLevel.PARAGRAPH,
                                         "text": "  执法人员\u200b素质 有待提高。 "})
    removed = data["blocks"].pop(1)  # the first heading of part one goes
    data["addressee"] = "示范市人民政府："
    r = save(client, draft, data)
    assert r.status_code == 200 and r.json()["ok"]
    assert r.json()["ids"] == list(draft.blocks.order_by("position").values_list("pk", flat=True))
    texts = list(draft.blocks.order_by("position").values_list("text", flat=True))
    assert texts[position - 1:position + 1] == [  # one block before them was removed
        "行政复议案件{{reconsideration.received|yoy}}，源头化解仍需加强。", "执法人员素质 有待提高。"]
    assert not ReportBlock.objects.filter(pk=removed["id"]).exists()
    draft.refresh_from_db()
    assert draft.addressee == "示范市人民政府"
    assert ReportBlock.history.filter(id=shortcomings["id"], history_type="~").exists()
    assert ReportBlock.history.filter(id=removed["id"], history_type="-").exists()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(draft.pk)).exists()


def test_an_unknown_reference_is_refused_in_chinese_and_nothing_is_saved(draft, client):
    before = list(draft.blocks.order_by("position").values_list("pk", "text"))
    history = ReportBlock.history.count()
    data = payload(draft, title="改过的标题")
    data["blocks"][0]["text"] = "改写的导语。"
    data["blocks"][3]["text"] = "收到{{reconsideration.recieved}}，败诉率{{litigation.loss_rate|percent}}，{{未闭合"
    r = save(client, draft, data)
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert "第4段引用了未定义的指标“reconsideration.recieved”。" in errors
    assert any("格式“percent”无效" in e for e in errors) and any("不完整的指标引用" in e for e in errors)
    assert list(draft.blocks.order_by("position").values_list("pk", "text")) == before
    assert ReportBlock.history.count() == history
    draft.refresh_from_db()
    assert draft.title == "示范县人民政府2025年法治政府建设年度报告"


def test_a_block_of_another_report_a_bad_date_and_an_empty_title_are_refused(draft, client, cast):
    other = ReportDraft.objects.create(org=org("demo-d01"), year=2025, title="x", issuer="x")
    foreign = ReportBlock.objects.create(draft=other, position=1, part=ReportPart.PREAMBLE, text="别人的段落")
    data = payload(draft, title=" ", issue_date="2026-02-30")
    data["blocks"].append({"id": foreign.pk, "part": ReportPart.OTHER, "level": BlockLevel.PARAGRAPH, "text": "挪用"})
    errors = save(client, draft, data).json()["errors"]
    assert "标题不能为空。" in errors and any("成文日期格式不正确" in e for e in errors) and any("不属于本报告" in e for e in errors)
    assert save(client, draft, []).status_code == 400
    assert client.post(f"/reports/{draft.pk}/save/", "not json", content_type="application/json").json()["errors"] == ["提交的内容格式不正确。"]
    assert ReportBlock.objects.get(pk=foreign.pk).draft == other


def fill(client, draft):
    data = payload(draft)
    for b in data["blocks"]:
        if b["level"] == BlockLevel.PARAGRAPH and not b["text"]:
            b["text"] = {"shortcomings": "执法规范化水平有待提高。", "principal_duty": "主要负责人认真履行第一责任人职责。",
                         "plans": "深化行政复议规范化建设。"}.get(b["part"], "")
    assert save(client, draft, data).status_code == 200


def test_freeze_view_download_and_changes(draft, client):
    r = client.post(f"/reports/{draft.pk}/freeze/")
    assert r.status_code == 302 and r["Location"] == f"/reports/{draft.pk}/"  # refused: parts to write
    assert not FrozenReport.objects.exists()
    fill(client, draft)
    r = client.post(f"/reports/{draft.pk}/freeze/")
    frozen = FrozenReport.objects.get()
    assert r["Location"] == f"/reports/{draft.pk}/v1/"
    page = client.get(r["Location"]).content.decode()
    assert frozen.content_hash in page and "校验一致" in page and "已定稿 第1版" in page
    assert 'class="fz-num" href="/indicators/records/?org=demo&amp;key=reconsideration.received&amp;start=2025-01-01&amp;end=2025-12-31"' in page
    for fmt, kind in (("docx", "wordprocessingml"), ("html", "text/html"), ("md", "text/markdown")):
        r = client.get(f"/reports/{draft.pk}/download/?format={fmt}&version=1")
        assert r.status_code == 200 and kind in r["Content-Type"]
        assert "%E7%AC%AC1%E7%89%88" in r["Content-Disposition"]  # 第1版
    document = Document(io.BytesIO(b"".join(client.get(f"/reports/{draft.pk}/download/?format=docx").streaming_content)))
    assert document.paragraphs[0].text.replace("\n", "") == draft.title
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 4
    assert AuditEvent.objects.filter(action=AuditAction.REPORT_FREEZE, object_id=str(frozen.pk)).exists()
    assert client.get(f"/reports/{draft.pk}/download/?format=pdf").status_code == 404
    assert client.get(f"/reports/{draft.pk}/v2/").status_code == 404
    assert "数字按现在的记录计算没有变化" in client.get(f"/reports/{draft.pk}/v1/changes/").content.decode()
    cases(2025, 1)
    changes = client.get(f"/reports/{draft.pk}/v1/changes/").content.decode()
    assert "收到行政复议申请" in changes and "12件" in changes and "13件" in changes


def test_a_report_whose_title_holds_a_slash_downloads_under_its_whole_title(draft, client):
    from fazhi.core.tests.test_downloads import downloaded_name

    title = "示范县人民政府/示范经济开发区管委会2025年法治政府建设年度报告"
    assert save(client, draft, payload(draft, title=title)).status_code == 200
    r = client.get(f"/reports/{draft.pk}/download/?format=docx")
    assert r.status_code == 200
    assert downloaded_name(r) == "示范县人民政府／示范经济开发区管委会2025年法治政府建设年度报告（草稿）.docx"
