"""A record's child rows through the API (``…/{id}/rows/{inline}/``): the registry's own inline formsets, read
masked, replaced all or none with each error naming its row, in the record's scope, personal rows written only by a
role that may see them."""

import base64

import pytest
from django.forms.models import model_to_dict

from fazhi.core.models import AuditEvent
from fazhi.core.testing.contract import subjects
from fazhi.core.testing.helpers import org

from .test_api import api_path, bearer, token_of

INLINES = [(s, name) for s in subjects() if s.factory is not None for name in s.views.inlines]


def stored(obj, formset_class):
    return sorted((model_to_dict(row) for row in formset_class(instance=obj).get_queryset()), key=lambda d: d["id"])


@pytest.mark.parametrize(("subject", "inline"), INLINES, ids=[f"{s}-{n}" for s, n in INLINES])
def test_each_inline_reads_its_rows_in_scope_and_a_put_of_what_was_read_changes_nothing(subject, inline, cast):
    _label, formset_class = subject.views.inlines[inline]
    record, theirs = subject.make_full(org("demo-sfj")), subject.make_full(org("demo-s01"))
    before = stored(record, formset_class)
    client = bearer(token_of("bureau"))
    url = api_path(subject, record.pk) + f"rows/{inline}/"
    read = client.get(url)
    assert read.status_code == 200, read.content
    assert [row["id"] for row in read.json()["rows"]] == [row.id for row in formset_class(instance=record).get_queryset()]
    again = client.put(url, {"rows": read.json()["rows"]}, format="json")
    assert again.status_code == 200, again.json()
    assert again.json() == read.json()
    assert stored(record, formset_class) == before  # masked values sent back keep the stored ones
    assert bearer(token_of("station1")).get(api_path(subject, theirs.pk) + f"rows/{inline}/").status_code in (200, 404)
    assert bearer(token_of("station2")).get(api_path(subject, theirs.pk) + f"rows/{inline}/").status_code == 404
    assert bearer(token_of("station2")).put(api_path(subject, theirs.pk) + f"rows/{inline}/", {"rows": []}, format="json").status_code == 404
    assert client.get(api_path(subject, record.pk) + "rows/nonsense/").status_code == 404
    assert bearer(token_of("admin")).get(url).status_code == 403
    assert bearer(token_of("bureau", "--read-only")).put(url, {"rows": []}, format="json").status_code == 403
    assert client.put(url, {"rows": "x"}, format="json").status_code == 400
    assert client.put(url, {"rows": [{"id": 10**9}]}, format="json").status_code == 400
    assert stored(record, formset_class) == before


def case_and_client(username="bureau", unit="demo-sfj"):
    from fazhi.reconsideration.models import ReconsiderationCase

    subject = next(s for s in subjects() if s.model is ReconsiderationCase)
    case = subject.make_full(org(unit))
    return subject, case, bearer(token_of(username)), api_path(subject, case.pk) + "rows/parties/"


def test_parties_are_masked_unless_asked_added_changed_and_deleted_in_one_put(cast):
    from fazhi.core import personal

    _subject, case, client, url = case_and_client()
    applicant = case.parties.get()
    rows = client.get(url).json()["rows"]
    assert rows[0]["name"] == personal.mask(applicant.name) != applicant.name
    assert rows[0]["id_number"] != applicant.id_number
    full = client.get(url, {"unmask": "1"}).json()["rows"]
    assert full[0]["name"] == applicant.name and full[0]["id_number"] == applicant.id_number
    assert AuditEvent.objects.filter(action="pii_view", object_id=str(case.pk), username="bureau").exists()
    third = {"role": "third_party", "kind": "organisation", "name": "浙江示范建材有限公司", "credit_code": "91330726MA2EXAMPLE"}
    put = client.put(url, {"rows": [{**rows[0], "phone": "13905790000"}, third]}, format="json")
    assert put.status_code == 200, put.json()
    applicant.refresh_from_db()
    assert applicant.phone == "13905790000" and applicant.id_number == full[0]["id_number"]  # masked id number kept
    assert case.parties.filter(name="浙江示范建材有限公司", role="third_party").exists()
    assert AuditEvent.objects.filter(action="update", object_id=str(case.pk), message__contains="通过接口修改").exists()
    kept = [r for r in client.get(url).json()["rows"] if r["role"] == "third_party"]
    assert client.put(url, {"rows": kept}, format="json").status_code == 200
    assert list(case.parties.values_list("role", flat=True)) == ["third_party"]


def test_a_bad_row_is_reported_with_its_place_and_field_and_nothing_is_saved(cast):
    _subject, case, client, url = case_and_client()
    rows = client.get(url).json()["rows"]
    bad = client.put(url, {"rows": [rows[0], {"role": "martian", "name": "某某"}, {"name": "", "role": "third_party"}]}, format="json")
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} >= {(2, "role")}
    assert all(e["message"].startswith(f"第{e['row']}行") for e in errors if e["row"])
    assert case.parties.count() == 1
    assert client.put(url, {"rows": [{"name": {"x": 1}}]}, format="json").status_code == 400
    assert client.put(url, {"rows": [rows[0], rows[0]]}, format="json").json()["errors"][0]["message"] == "第2行：该行在请求中出现了两次。"
    assert case.parties.count() == 1


def test_personal_rows_are_written_only_by_a_role_that_may_see_them(cast):
    _subject, case, station, url = case_and_client("station1", "demo-s01")
    leader = bearer(token_of("leader"))
    assert leader.get(url).status_code == station.get(url).status_code == 200
    assert leader.get(url, {"unmask": "1"}).status_code == 403
    assert leader.put(url, {"rows": []}, format="json").status_code == 403
    refused = station.put(url, {"rows": []}, format="json")
    assert refused.status_code == 403 and "个人信息" in refused.json()["detail"]
    assert case.parties.count() == 1


def test_a_ledger_entrys_figures_are_validated_as_on_the_page_and_an_attachment_is_sent_as_base64(cast):
    from fazhi.oversight.models import LedgerEntry

    subject = next(s for s in subjects() if s.model is LedgerEntry)
    entry = subject.make(org("demo-s01"))
    client = bearer(token_of("station1"))
    url = api_path(subject, entry.pk) + "rows/"
    bad = client.put(url + "figures/", {"rows": [{"label": "调解案件", "value": "三千", "unit": "件"}]}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["row"] == 1 and bad.json()["errors"][0]["field"] == "value"
    good = client.put(url + "figures/", {"rows": [{"label": "调解案件", "value": "3153", "unit": "件"}]}, format="json")
    assert good.status_code == 200, good.json()
    assert good.json()["rows"][0]["value"] == "3153" and entry.figures.get().value == 3153
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    sent = client.put(url + "attachments/", {"rows": [{"name": "调解协议书", "file": {"name": "协议.pdf", "content": base64.b64encode(pdf).decode()}}]},
                      format="json")
    assert sent.status_code == 200, sent.json()
    attachment = entry.attachments.get()
    with attachment.file.open("rb") as f:
        assert f.read() == pdf
    assert sent.json()["rows"][0]["file"]["size"] == len(pdf)
    assert client.put(url + "attachments/", {"rows": sent.json()["rows"]}, format="json").status_code == 200
    assert entry.attachments.count() == 1
    wrong = client.put(url + "attachments/", {"rows": [{"name": "x", "file": {"name": "a.pdf", "content": "%%%"}}]}, format="json")
    assert wrong.status_code == 400 and "Base64" in str(wrong.json())


def test_rows_a_workflow_step_makes_are_edited_but_never_added_on_the_page_or_through_the_api(cast, login):
    from fazhi.normative.models import CleanupCampaign

    subject = next(s for s in subjects() if s.model is CleanupCampaign)
    campaign = subject.make(org("demo-sfj"))
    row = {"disposition": "kept", "note": "伪造的一行"}
    refused = bearer(token_of("bureau")).put(api_path(subject, campaign.pk) + "rows/items/", {"rows": [row]}, format="json")
    assert refused.status_code == 400 and "不能在此新增" in refused.json()["errors"][0]["message"]
    forged = {"items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0, "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
              "items-0-disposition": "kept", "items-0-note": "伪造的一行"}
    page = login(cast["bureau"]).post(subject.views.url("inline", campaign.pk, "items"), forged)
    assert page.status_code == 400 and "不能在此新增" in page.content.decode()
    assert not campaign.items.exists()
