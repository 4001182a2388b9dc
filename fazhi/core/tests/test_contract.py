"""The contract every registry keeps (in the spirit of NetBox's ``utilities/testing/views.py``), run over every
registry model with pages, from what the registry already declares (``fazhi.core.testing.contract``):

- **scope over every route** for a township station, a county department, a liaison of another county and the
  county leader: list, search, the unit filter, detail, edit, delete, history, every workflow transition, every
  page of child rows, attachments, export, import into another unit, 我的待办 and the indicators' drill-down —
  a record outside the viewer's scope is never shown, and its pages are 404 (403 where the role lacks the right
  altogether);
- **sides**: a unit a record names on one of its ``sides`` sees it, may take only the actions and transitions
  the side declares, and sees its personal data masked;
- **the import round trip**: an export of a record, imported again, exports equal;
- **the list's query count** does not grow with the number of records.

The rest of the contract is generic tests elsewhere, over the same registries: personal data masked on every
page (test_personal_data.py), a Chinese error and no 500 on every bad form field or import cell
(test_bad_values.py, test_fuzz_registries.py), the system checks (test_registry.py).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import personal
from fazhi.core.testing.contract import (
    HOLDER,
    VIEWERS,
    as_side,
    attach,
    expected,
    grant,
    listed,
    searchable_text,
    sheet,
    subjects,
    workbook,
)
from fazhi.core.testing.helpers import org, upload

SUBJECTS = subjects()
UNDER = [s for s in SUBJECTS if s.factory is not None]
SIDED = [(s, side) for s in UNDER for side in s.model.sides]


def by_subject(fn):
    return pytest.mark.parametrize("subject", UNDER, ids=str)(fn)


def by_viewer(fn):
    return pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.username)(fn)




def test_every_registry_model_has_a_factory():
    assert UNDER, "no registry model with pages"
    assert not [str(s) for s in SUBJECTS if s.factory is None], "a registry model with pages has no factory in tests/factories.py"


# ---------------------------------------------------------------- scope


@by_viewer
@by_subject
def test_the_list_search_and_unit_filter_show_only_the_viewers_scope(subject, viewer, cast, login):
    mine, theirs = subject.make(org(viewer.own)), subject.make(org(viewer.foreign))
    client = login(cast[viewer.username])
    url = subject.views.url("list")
    assert listed(client.get(url)) == {mine.pk}
    assert listed(client.get(url, {"org": theirs.org_id})) == set()
    text = searchable_text(subject, theirs)
    if text is not None:
        assert theirs.pk not in listed(client.get(url, {"q": text}))
        assert mine.pk in listed(client.get(url, {"q": searchable_text(subject, mine)}))  # the search does search


@by_viewer
@by_subject
def test_every_page_of_a_record_out_of_scope_is_not_found(subject, viewer, cast, login):
    mine, theirs = subject.make(org(viewer.own)), subject.make(org(viewer.foreign))
    attachment = attach(subject, theirs)
    user = cast[viewer.username]
    grant(user, subject, "delete")
    views, pk = subject.views, theirs.pk
    pages = [("get", views.url("detail", pk), "view"), ("get", views.url("history", pk), "view"),
             ("get", views.url("edit", pk), "change"), ("post", views.url("edit", pk), "change"),
             ("get", views.url("delete", pk), "delete"), ("post", views.url("delete", pk), "delete")]
    pages += [(method, views.url("inline", pk, name), "change") for name in views.inlines for method in ("get", "post")]
    pages += [(method, views.url("transition", pk, name), "change") for name in subject.transitions for method in ("get", "post")]
    if attachment is not None:
        pages.append(("get", views.url("attachment", pk, attachment.pk), "view"))
    client = login(user)
    before = subject.model.objects.filter(pk=pk).values().get()
    for method, url, action in pages:
        status = getattr(client, method)(url, {}).status_code
        assert status == expected(user, subject, action), (method, url, status)
    assert subject.model.objects.filter(pk=pk).values().get() == before
    for url in (views.url("detail", mine.pk), views.url("history", mine.pk)):
        assert client.get(url).status_code == 200, url


@by_viewer
@by_subject
def test_the_export_holds_only_the_viewers_scope(subject, viewer, cast, login):
    subject.make(org(viewer.own)), subject.make(org(viewer.foreign))
    client = login(cast[viewer.username])
    for params in ({}, {"unmask": "1"}, {"org": org(viewer.foreign).pk}):
        response = client.get(subject.views.url("export"), params)
        assert response.status_code == 200
        assert len(sheet(b"".join(response.streaming_content))) == (0 if "org" in params else 1), params


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v.username != "leader"], ids=lambda v: v.username)
@by_subject
def test_a_record_cannot_be_created_for_a_unit_out_of_scope(subject, viewer, cast, login):
    client, url, foreign = login(cast[viewer.username]), subject.views.url("create"), org(viewer.foreign)
    fields = client.get(url).context["form"].fields
    response = client.post(url, {"org": foreign.pk})
    assert response.status_code == 400
    assert not subject.model.objects.exists()
    if "org" in fields:  # else the unit is the user's own, not a choice (a legality review's reviewing office)
        offered = fields["org"].queryset
        assert offered.filter(pk=org(viewer.own).pk).exists() and not offered.filter(pk=foreign.pk).exists()
        assert "org" in response.context["form"].errors


def exported_row(client, subject, obj):
    """The unmasked export of ``obj`` by the signed-in bureau: (headers, values)."""
    response = client.get(subject.views.url("export"), {"unmask": "1", "q": "", "org": obj.org_id})
    rows = [r for r in sheet(b"".join(response.streaming_content))]
    assert len(rows) == 1, rows
    return list(rows[0]), list(rows[0].values())


def importable(subject):
    return [f for f in subject.views.resource_class().fields if f.importable]


def org_header(subject):
    """The header of the import's unit column, or None when the unit is chosen on the import page."""
    return next((f.header for f in importable(subject) if f.kind == "org"), None)


def forget(subject, obj):
    """Delete ``obj`` (and the rows it holds) so that its exported row can be imported again."""
    subject.model.objects.filter(pk=obj.pk).delete()


def written_row(subject, obj):
    """``obj`` as the registry's resource writes it in full: (headers, values) — a row its unit could import."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        subject.views.resource_class().export(subject.model.objects.filter(pk=obj.pk), tmp.name, unmasked=True)
        rows = sheet(open(tmp.name, "rb").read())
    return list(rows[0]), list(rows[0].values())


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v.username != "leader"], ids=lambda v: v.username)
@by_subject
def test_a_row_for_another_unit_is_refused_and_nothing_is_imported(subject, viewer, cast, login):
    """The row is the bureau's own record as the resource writes it (a good row: the round trip below imports
    it), its unit changed to one the viewer may not file under — in the sheet's unit column, or, where the
    sheet has none, as the unit chosen on the import page."""
    headers, values = written_row(subject, subject.make_full(org(HOLDER)))
    forget(subject, subject.model.objects.get())
    client, url, foreign = login(cast[viewer.username]), subject.views.url("import"), org(viewer.foreign)
    response = client.post(url, {"file": upload(workbook([values], headers)), "org": foreign.pk})  # as the page's unit
    assert response.status_code == 404
    assert not subject.model.objects.exists()
    if org_header(subject) is None:
        return
    values[headers.index(org_header(subject))] = foreign.name
    response = client.post(url, {"file": upload(workbook([values], headers))})
    assert response.status_code == 400
    assert not subject.model.objects.exists()
    errors = response.context["result"].errors
    assert any(header == org_header(subject) for _, header, _ in errors), errors


@by_viewer
@by_subject
def test_my_todos_and_the_drill_downs_show_nothing_out_of_scope(subject, viewer, cast, login):
    from fazhi.indicators import definitions

    mine, theirs = subject.make(org(viewer.own)), subject.make(org(viewer.foreign))
    client = login(cast[viewer.username])
    home = client.get("/").content.decode()
    assert subject.views.url("detail", theirs.pk) not in home
    counts = [k for k, d in definitions.REGISTRY.items() if d.kind == "count" and d.model is subject.model]
    seen = set()
    for key in counts:
        params = {"key": key, "start": "2000-01-01", "end": date.today().isoformat()}
        response = client.get("/indicators/records/", {**params, "org": org(viewer.own).code})
        if response.status_code == 200:
            seen |= listed(response)
        else:
            assert response.status_code == 404, (key, response.status_code)
        assert client.get("/indicators/records/", {**params, "org": org(viewer.foreign).code}).status_code == 404
        export = client.get("/indicators/records/export/", {**params, "org": org(viewer.foreign).code})
        assert export.status_code == 404, key
    assert seen <= {mine.pk}  # the viewer's own record at most, never another unit's


@by_viewer
def test_the_dashboard_and_the_reports_of_a_unit_out_of_scope_are_not_found(viewer, cast, login):
    client = login(cast[viewer.username])
    foreign = org(viewer.foreign)
    assert client.get("/indicators/dashboard/", {"org": foreign.code}).status_code == 404
    assert client.get("/indicators/dashboard/export/", {"org": foreign.code}).status_code == 404
    from fazhi.reports.models import ReportDraft

    draft = ReportDraft.objects.create(org=foreign, year=2025)
    for url in (f"/reports/{draft.pk}/", f"/reports/{draft.pk}/download/"):
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------- sides


@pytest.mark.parametrize(("subject", "side"), SIDED, ids=[f"{s}-{side.field}" for s, side in SIDED])
def test_a_side_sees_the_record_and_takes_only_the_steps_it_declares(subject, side, cast, login):
    user = cast["dept1"]
    grant(user, subject, "delete")
    record = as_side(subject, side, org("demo-d01"), org(HOLDER))
    other = as_side(subject, side, org("demo-d02"), org(HOLDER))
    views = subject.views
    client = login(user)
    assert listed(client.get(views.url("list"))) == {record.pk}
    detail = client.get(views.url("detail", record.pk))
    assert detail.status_code == 200 and side.label in detail.content.decode()
    assert client.get(views.url("history", record.pk)).status_code == 200
    assert client.get(views.url("detail", other.pk)).status_code == 404
    declared = personal.declaration(subject.model)
    plain = {str(personal.shown(record, name, unmasked=True)) for name in (declared or ())} - {"None", ""}
    assert not [v for v in plain if v in detail.content.decode()]
    before = subject.model.objects.filter(pk=record.pk).values().get()
    assert (client.get(views.url("edit", record.pk)).status_code == 200) == side.allows("change")
    assert client.post(views.url("delete", record.pk)).status_code in (403, 404)
    for name in subject.transitions:
        status = client.get(views.url("transition", record.pk, name)).status_code
        if name in side.transitions:
            assert status in (200, 302, 403), (name, status)  # 302, 403: not from this state, with the reason
        else:
            assert status == 403, (name, status)
            assert client.post(views.url("transition", record.pk, name), {}).status_code == 403
    if not side.allows("change"):
        assert subject.model.objects.filter(pk=record.pk).values().get() == before


# ---------------------------------------------------------------- import and export, query count


@by_subject
def test_an_exported_record_imported_again_exports_the_same(subject, cast, login):
    client = login(cast["bureau"])
    headers, first = exported_row(client, subject, subject.make_full(org(HOLDER)))
    forget(subject, subject.model.objects.get())
    response = client.post(subject.views.url("import"), {"file": upload(workbook([first], headers))})
    assert response.status_code == 302, response.context["result"].errors if response.context else response
    again_headers, again = exported_row(client, subject, subject.model.objects.get())
    assert again_headers == headers
    columns = {f.header for f in importable(subject)}
    assert {h: v for h, v in zip(headers, again, strict=True) if h in columns} == \
           {h: v for h, v in zip(headers, first, strict=True) if h in columns}


@by_subject
def test_the_lists_query_count_does_not_grow_with_the_records(subject, cast, login):
    client = login(cast["bureau"])
    url = subject.views.url("list")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        subject.make(org(HOLDER))
    queries()  # the first request of a session warms caches (content types, the user's roles)
    few = queries()
    for code in ("demo-sfj", "demo-s01", "demo-d01", "demo-t01") * 3:
        subject.make(org(code))
    assert queries() == few
