"""The REST API: a valid OpenAPI 3 schema with list and detail paths for every registry model; personal access
tokens (issued by ``fazhi token``, stored hashed, read-only, expired, revoked); the pages' scope, permissions,
validation, masking and workflow guards on every registry's endpoints."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from fazhi.api.models import ApiToken, digest
from fazhi.core.models import AuditEvent
from fazhi.core.testing.contract import VIEWERS, subjects
from fazhi.core.testing.helpers import org

SUBJECTS = [s for s in subjects() if s.factory is not None]


def api_path(subject, pk=None):
    base = f"/api/v1/{subject.model._meta.app_label}/{subject.model._meta.model_name}/"
    return base if pk is None else f"{base}{pk}/"


def token_of(username, *extra):
    out = io.StringIO()
    call_command("token", "--user", username, *extra, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_the_schema_is_valid_openapi_3_with_list_and_detail_paths_for_every_registry_model(cast):
    response = bearer(token_of("bureau")).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for subject in subjects():
        assert api_path(subject) in schema["paths"], subject
        assert api_path(subject).rstrip("/") + "/{id}/" in schema["paths"], subject
    for subject in subjects():  # every field described in Chinese
        component = schema["components"]["schemas"][subject.model.__name__]
        undescribed = [n for n, p in component["properties"].items() if n != "id" and not p.get("description")]
        assert not undescribed, (subject, undescribed)
    assert bearer(token_of("bureau")).get("/api/v1/docs/").status_code == 200
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for subject in SUBJECTS:  # every record's child rows, by their names
        if subject.views.inlines:
            rows = schema["paths"][api_path(subject).rstrip("/") + "/{id}/rows/{inline}/"]
            inline = next(p for p in rows["get"]["parameters"] if p["name"] == "inline")
            assert sorted(inline["schema"]["enum"]) == sorted(subject.views.inlines), subject


def test_the_schema_is_generated_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_a_token_is_printed_once_stored_as_its_digest_and_signs_its_user_in(cast):
    key = token_of("station1", "--expires", "30d")
    token = ApiToken.objects.get()
    assert key.startswith("fz_") and token.key_digest == digest(key) and key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert bearer(key).get("/api/v1/").status_code == 200
    assert bearer(key + "x").get("/api/v1/").status_code == 401
    assert APIClient().get("/api/v1/").status_code == 401
    token.revoke()
    response = bearer(key).get("/api/v1/")
    assert response.status_code == 401 and "吊销" in response.json()["detail"]


def test_a_bad_expiry_or_an_unknown_user_is_a_chinese_error(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="有效期"):
        token_of("station1", "--expires", "soon")
    with pytest.raises(CommandError, match="不存在"):
        token_of("nobody")


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v.username in ("station1", "dept1", "leader")], ids=lambda v: v.username)
@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_each_list_returns_exactly_the_rows_of_the_list_page_and_a_row_out_of_scope_is_404(subject, viewer, cast, login):
    mine, theirs = subject.make(org(viewer.own)), subject.make(org(viewer.foreign))
    client = bearer(token_of(viewer.username))
    body = client.get(api_path(subject)).json()
    page = login(cast[viewer.username]).get(subject.views.url("list"))
    assert body["count"] == page.context["page"].paginator.count == 1
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert set(body) == {"count", "next", "previous", "results"}
    assert client.get(api_path(subject, mine.pk)).status_code == 200
    assert client.get(api_path(subject, theirs.pk)).status_code == 404
    assert client.delete(api_path(subject, theirs.pk)).status_code in (403, 404)
    assert subject.model.objects.filter(pk=theirs.pk).exists()
    thin = client.get(api_path(subject), {"fields": "id,org"}).json()["results"][0]
    assert set(thin) == {"id", "org"} and thin["org"] == viewer.own


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_administrators_get_no_business_endpoint(username, cast):
    client = bearer(token_of(username))
    for subject in SUBJECTS:
        assert client.get(api_path(subject)).status_code == 403, subject


def test_personal_data_is_masked_for_a_role_without_the_right_and_shown_on_request_to_one_with_it(cast):
    from fazhi.core import personal
    from fazhi.reconsideration.models import ReconsiderationCase

    subject = next(s for s in SUBJECTS if s.model is ReconsiderationCase)
    case = subject.make_full(org("demo-sfj"))
    plain = personal.shown(case, "applicant_name", unmasked=True)
    leader = bearer(token_of("leader")).get(api_path(subject, case.pk))
    assert leader.json()["applicant_name"] == personal.mask(plain) != plain
    assert bearer(token_of("leader")).get(api_path(subject, case.pk), {"unmask": "1"}).status_code == 403
    bureau = bearer(token_of("bureau"))
    assert bureau.get(api_path(subject, case.pk)).json()["applicant_name"] != plain
    assert bureau.get(api_path(subject, case.pk), {"unmask": "1"}).json()["applicant_name"] == plain
    assert AuditEvent.objects.filter(action="pii_view", object_id=str(case.pk), username="bureau").exists()


def test_a_write_is_validated_by_the_registrys_form_and_audited(cast):
    from fazhi.advisers.models import LegalAdviser

    client = bearer(token_of("station1"))
    good = {"org": "demo-s01", "kind": "legal_adviser", "name": "接口顾问", "firm": "浙江示范律师事务所",
            "license_no": "13307201810123456", "phone": "13905791234", "contract_start": "2024-01-01",
            "contract_end": "2024-12-31", "fee": "50000"}
    bad = client.post("/api/v1/advisers/legaladviser/", {**good, "contract_end": "2023-12-31", "fee": "-1"}, format="json")
    assert bad.status_code == 400
    assert any("不能" in m or "负" in m for messages in bad.json().values() for m in messages), bad.json()
    assert client.post("/api/v1/advisers/legaladviser/", {**good, "org": "demo-s02"}, format="json").status_code == 400
    assert not LegalAdviser.objects.exists()
    created = client.post("/api/v1/advisers/legaladviser/", good, format="json")
    assert created.status_code == 201, created.json()
    adviser = LegalAdviser.objects.get()
    assert adviser.org.code == "demo-s01" and adviser.created_by == cast["station1"]
    changed = client.patch(f"/api/v1/advisers/legaladviser/{adviser.pk}/", {"firm": "浙江正衡律师事务所"}, format="json")
    assert changed.status_code == 200 and changed.json()["firm"] == "浙江正衡律师事务所"
    assert client.patch(f"/api/v1/advisers/legaladviser/{adviser.pk}/", {"id": 9, "created_at": "x"}, format="json").status_code == 400
    assert AuditEvent.objects.filter(action="create", object_id=str(adviser.pk)).exists()
    assert AuditEvent.objects.filter(action="update", object_id=str(adviser.pk)).exists()
    readonly = bearer(token_of("station1", "--read-only"))
    assert readonly.patch(f"/api/v1/advisers/legaladviser/{adviser.pk}/", {"firm": "x"}, format="json").status_code == 403


def test_a_transition_runs_with_the_pages_guards_and_a_refusal_is_409_with_the_reason(cast):
    from fazhi.reconsideration.models import ReconsiderationCase

    subject = next(s for s in SUBJECTS if s.model is ReconsiderationCase)
    case = subject.make(org("demo-sfj"), received_on=date(2024, 9, 27))
    client = bearer(token_of("section"))
    url = api_path(subject, case.pk) + "transitions/"
    early = client.post(url + "accept/", {"on": "2024-09-01", "procedure": "ordinary"}, format="json")
    assert early.status_code in (400, 409) and "早于" in json.dumps(early.json(), ensure_ascii=False)
    done = client.post(url + "accept/", {"on": "2024-09-30", "procedure": "ordinary"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "accepted"
    again = client.post(url + "accept/", {"on": "2024-09-30", "procedure": "ordinary"}, format="json")
    assert again.status_code == 409 and "当前状态" in again.json()["detail"]
    assert client.post(url + "nonsense/", {}, format="json").status_code == 404


def test_a_user_generates_a_token_on_their_page_sees_it_once_and_revokes_it(cast, login):
    client = login(cast["station1"])
    page = client.post("/account/tokens/", {"name": "本所调解系统", "expires": "30", "read_only": "on"})
    key = page.context["key"]
    assert key.startswith("fz_") and key in page.content.decode()
    token = ApiToken.objects.get(user=cast["station1"])
    assert token.read_only and token.key_digest == digest(key)
    assert key not in client.get("/account/tokens/").content.decode()  # shown once
    assert bearer(key).get("/api/v1/").status_code == 200
    assert AuditEvent.objects.filter(action="setting_change", object_id=str(token.pk)).exists()
    other = ApiToken.issue(cast["station2"])[0]
    client.post("/account/tokens/", {"revoke": other.pk})
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None  # another user's token is not theirs to revoke
    client.post("/account/tokens/", {"revoke": token.pk})
    assert bearer(key).get("/api/v1/").status_code == 401
    assert login(cast["admin"]).get("/account/tokens/").status_code == 403


def test_the_security_administrator_lists_and_revokes_every_token(cast, login):
    token, key = ApiToken.issue(cast["dept1"], name="公安局执法办案系统")
    assert login(cast["admin"]).get("/system/tokens/").status_code == 403
    assert login(cast["station1"]).get("/system/tokens/").status_code == 403
    client = login(cast["secadmin"])
    page = client.get("/system/tokens/")
    assert page.status_code == 200 and "公安局执法办案系统" in page.content.decode() and key not in page.content.decode()
    client.post("/system/tokens/", {"revoke": token.pk})
    assert ApiToken.objects.get(pk=token.pk).revoked_by == cast["secadmin"]


SIDED = [(s, side) for s in SUBJECTS for side in s.model.sides]


@pytest.mark.parametrize(("subject", "side"), SIDED, ids=[f"{s}-{side.field}" for s, side in SIDED])
def test_a_side_reads_the_record_masked_and_runs_only_its_own_steps_through_the_api(subject, side, cast):
    from fazhi.core import personal
    from fazhi.core.testing.contract import as_side

    record = as_side(subject, side, org("demo-d01"), org("demo-sfj"))
    as_side(subject, side, org("demo-d02"), org("demo-sfj"))
    client = bearer(token_of("dept1"))
    assert [row["id"] for row in client.get(api_path(subject)).json()["results"]] == [record.pk]
    body = client.get(api_path(subject, record.pk)).json()
    for name in personal.declaration(subject.model):
        plain = personal.shown(record, name, unmasked=True)
        if plain not in (None, "") and name in body:
            assert body[name] != plain, name
    for name in subject.transitions:
        status = client.post(api_path(subject, record.pk) + f"transitions/{name}/", {}, format="json").status_code
        assert status in ((400, 409) if name in side.transitions else (403,)), (name, status)
    assert client.delete(api_path(subject, record.pk)).status_code in (403, 404)


def test_a_bulk_create_writes_all_rows_or_none_and_reports_each_bad_row_as_the_excel_import_does(cast):
    from fazhi.advisers.models import LegalAdviser

    client = bearer(token_of("station1"))
    row = {"org": "demo-s01", "kind": "法律顾问", "name": "批量顾问", "firm": "浙江示范律师事务所", "license_no": "13307201810123456",
           "phone": "13905791234", "contract_start": "2024-01-01", "contract_end": "2024-12-31", "fee": 50000}
    bad = client.post("/api/v1/advisers/legaladviser/bulk/", {"rows": [row, {**row, "name": "第二位", "org": "demo-s02"},
                                                                    {**row, "name": "第三位", "fee": -5}]}, format="json")
    assert bad.status_code == 400 and bad.json()["created"] == 0
    errors = bad.json()["errors"]
    assert {e["row"] for e in errors} == {3, 4}
    assert any(e["column"] == "聘用单位" and "不在您可以录入的范围内" in e["message"] for e in errors), errors
    assert not LegalAdviser.objects.exists()
    good = client.post("/api/v1/advisers/legaladviser/bulk/", {"rows": [row, {**row, "name": "第二位", "聘用单位": "demo-s01"}]}, format="json")
    assert good.status_code == 201 and good.json() == {"created": 2, "errors": []}
    assert LegalAdviser.objects.filter(org__code="demo-s01").count() == 2
    assert AuditEvent.objects.filter(action="import", username="station1").exists()
    assert client.post("/api/v1/advisers/legaladviser/bulk/", {"rows": [{"nonsense": 1}]}, format="json").status_code == 400
    broken = client.generic("POST", "/api/v1/advisers/legaladviser/bulk/", "{\"rows\": [", content_type="application/json")
    assert broken.status_code == 400 and broken.json() == {"created": 0, "errors": [{"row": None, "column": None, "message": "请求体不是有效的 JSON。"}]}


@pytest.mark.parametrize("subject", SUBJECTS, ids=str)
def test_the_api_lists_query_count_does_not_grow_with_the_records(subject, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = bearer(token_of("bureau"))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(api_path(subject)).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        subject.make_full(org("demo-sfj"))
    queries()
    few = queries()
    for code in ("demo-sfj", "demo-s01", "demo-d01", "demo-t01") * 3:
        subject.make_full(org(code))
    assert queries() == few


def test_each_token_is_throttled_on_its_own_with_a_chinese_message(cast, monkeypatch):
    from django.core.cache import cache

    from fazhi.api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/hour"})
    cache.clear()
    first, second = bearer(token_of("station1")), bearer(token_of("station1"))
    assert [first.get("/api/v1/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/")
    assert refused.status_code == 429 and "请求过于频繁" in refused.json()["detail"]
    assert second.get("/api/v1/").status_code == 200  # another token of the same user has its own count
    cache.clear()


def test_a_body_over_the_upload_limit_is_413_in_chinese_and_writes_nothing(cast, settings):
    from fazhi.advisers.models import LegalAdviser

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = {"rows": [{"name": "顾问" * 20, "firm": "某律师事务所"} for _ in range(50)]}
    response = bearer(token_of("station1")).post("/api/v1/advisers/legaladviser/bulk/", big, format="json")
    assert response.status_code == 413 and "分批提交" in response.json()["detail"]
    assert not LegalAdviser.objects.exists()
