"""Data scope of the normative document registry: a department liaison sees and edits only the documents its
unit drafts — list, search, detail, edit, history, transitions, export, import, 我的待办 — and another
unit's pages are 404; the bureau sees the whole county."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.normative.models import NormativeDocument
from fazhi.normative.resources import NormativeDocumentResource

from .factories import org, stock, upload, workbook


@pytest.fixture
def docs(county):
    return stock("demo-d01", date(2023, 5, 1), validity_years=5, title="公安局的文件"), stock("demo-d02", date(2023, 6, 1), validity_years=5, title="市场监管局的文件")


def listed(r):
    assert r.status_code == 200
    return [row["obj"].pk for row in r.context["rows"]]


def test_a_liaison_sees_only_its_units_documents(cast, login, docs):
    mine, theirs = docs
    client = login(cast["dept1"])
    assert listed(client.get("/normative/documents/")) == [mine.pk]
    assert listed(client.get("/normative/documents/", {"q": theirs.document_no})) == []
    assert sorted(listed(login(cast["section"]).get("/normative/documents/"))) == sorted([mine.pk, theirs.pk])


@pytest.mark.parametrize("route", ["", "edit/", "history/", "do/repeal/"])
def test_another_units_document_is_not_found(route, cast, login, docs):
    mine, theirs = docs
    client = login(cast["dept1"])
    assert client.get(f"/normative/documents/{mine.pk}/{route}").status_code == 200
    assert client.get(f"/normative/documents/{theirs.pk}/{route}").status_code == 404
    assert client.post(f"/normative/documents/{theirs.pk}/do/repeal/", {"on": "2024-01-02", "reason": "越权"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "effective"


def test_the_export_holds_only_the_units_documents(cast, login, docs):
    mine, _ = docs
    r = login(cast["dept1"]).get("/normative/documents/export/")
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True).active.iter_rows(values_only=True))
    assert [x[0] for x in rows[1:]] == [mine.document_no]


def test_importing_into_another_unit_is_refused_and_writes_nothing(cast, login, docs):
    row = {"起草单位": "demo-d01", "文件名称": "示范县警务辅助人员管理办法", "制定机关": "示范县公安局"}
    content = workbook([row, {**row, "起草单位": org("demo-d02").name, "制定机关": "示范县市场监督管理局"}], NormativeDocumentResource)
    r = login(cast["dept1"]).post("/normative/documents/import/", {"file": upload(content)})
    assert r.status_code == 400
    assert (3, "起草单位", f"单位“{org('demo-d02').name}”不存在，或不在您可以录入的范围内") in r.context["result"].errors
    assert NormativeDocument.objects.count() == 2


def test_the_list_and_the_export_take_as_many_queries_for_many_documents_as_for_few(cast, login, docs, django_assert_num_queries):
    client = login(cast["section"])
    client.get("/normative/documents/")
    with django_assert_num_queries(20, exact=False) as few_list:
        assert len(listed(client.get("/normative/documents/"))) == 2
    with django_assert_num_queries(20, exact=False) as few_export:
        client.get("/normative/documents/export/")
    for code in ("demo", "demo-d03", "demo-d04", "demo-t01", "demo-d05", "demo-d06"):
        stock(code, date(2023, 7, 1), validity_years=5)
    with django_assert_num_queries(len(few_list.captured_queries)):
        assert len(listed(client.get("/normative/documents/"))) == 8
    with django_assert_num_queries(len(few_export.captured_queries)):
        client.get("/normative/documents/export/")
