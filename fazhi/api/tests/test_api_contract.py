"""The registry contract over the API, for every registry model (the pages' own is fazhi.core.tests.test_contract):
every endpoint of a record out of the viewer's scope is 404 (403 where the role lacks the right altogether) and
changes nothing, and every workflow transition keeps its guards — the wrong state is 409 with the reason, a read-only
role is refused, a step the body does not make valid is a Chinese error, and a refused step changes nothing. The
lists' scope for each viewer, the sides and the masking are in test_api.py."""

import re

import pytest

from fazhi.core.testing.contract import HOLDER, VIEWERS, as_side, expected, grant, subjects
from fazhi.core.testing.helpers import org

from .test_api import api_path, bearer, token_of

UNDER = [s for s in subjects() if s.factory is not None]
TRANSITIONS = [(s, name) for s in UNDER for name in s.transitions]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def messages(body):
    """Every message of an error body, flattened."""
    if isinstance(body, dict):
        return [m for value in body.values() for m in messages(value)]
    if isinstance(body, list):
        return [m for value in body for m in messages(value)]
    return [str(body)] if isinstance(body, str) else []


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: v.username)
@pytest.mark.parametrize("subject", UNDER, ids=str)
def test_every_endpoint_of_a_record_out_of_scope_is_not_found_and_changes_nothing(subject, viewer, cast):
    theirs = subject.make(org(viewer.foreign))
    user = cast[viewer.username]
    grant(user, subject, "delete")
    client = bearer(token_of(viewer.username))
    url = api_path(subject, theirs.pk)
    calls = [("get", url, "view"), ("put", url, "change"), ("patch", url, "change"), ("delete", url, "delete")]
    calls += [(method, f"{url}rows/{name}/", action) for name in subject.views.inlines
              for method, action in (("get", "view"), ("put", "change"))]
    calls += [("post", f"{url}transitions/{name}/", "change") for name in subject.transitions]
    before = subject.model.objects.filter(pk=theirs.pk).values().get()
    for method, path, action in calls:
        status = getattr(client, method)(path, {}, format="json").status_code
        assert status == expected(user, subject, action), (method, path, status)
    assert subject.model.objects.filter(pk=theirs.pk).values().get() == before


@pytest.mark.parametrize(("subject", "name"), TRANSITIONS, ids=[f"{s}-{n}" for s, n in TRANSITIONS])
def test_every_transition_keeps_its_guards_over_the_api(subject, name, cast):
    workflow = subject.views.workflow
    t = workflow.get(name)
    if t.holder:  # the holder's step: run by the bureau's section
        record, actor = subject.make(org(HOLDER)), "section"
    else:  # a side's step (a respondent's reply): run by the department the record names, refused to the holder
        side = next(side for side in subject.model.sides if name in side.transitions)
        record, actor = as_side(subject, side, org("demo-d01"), org(HOLDER)), "dept1"
        refused = bearer(token_of("section")).post(api_path(subject, record.pk) + f"transitions/{name}/", {}, format="json")
        assert refused.status_code == 403 and "办理" in refused.json()["detail"]
    before = subject.model.objects.filter(pk=record.pk).values().get()
    url = api_path(subject, record.pk) + f"transitions/{name}/"
    assert bearer(token_of("leader")).post(url, {}, format="json").status_code == 403
    assert bearer(token_of(actor, "--read-only")).post(url, {}, format="json").status_code == 403
    client = bearer(token_of(actor))
    response = client.post(url, {}, format="json")
    if workflow.state(record) not in t.sources:
        assert response.status_code == 409, (response.status_code, response.content)
        assert response.json()["detail"] == f"当前状态不能执行“{t.label}”。"
    else:
        assert response.status_code in (200, 400, 409), (response.status_code, response.content)
        if response.status_code != 200:
            found = messages(response.json())
            assert found and all(CHINESE.search(m) for m in found), found
    if response.status_code != 200:
        assert subject.model.objects.filter(pk=record.pk).values().get() == before
    wrong = client.post(url, {"on": "2024-13-45", "note": ["a", "list"]}, format="json")
    assert wrong.status_code in (400, 409) and all(CHINESE.search(m) for m in messages(wrong.json()))


@pytest.mark.parametrize("subject", UNDER, ids=str)
def test_a_year_the_calendar_does_not_hold_is_a_chinese_error_on_the_list_page_and_the_api(subject, cast, login):
    page = login(cast["bureau"])
    client = bearer(token_of("bureau"))
    for year in ("0", "99999", "-3"):
        assert page.get(subject.views.url("list"), {"year": year}).status_code == 200
        for path in ("", "export/"):
            response = client.get(api_path(subject) + path, {"year": year})
            assert response.status_code in (200, 400), (path, year, response.status_code)
            if response.status_code == 400:
                assert all(CHINESE.search(m) for m in messages(response.json()))
    refused = client.post(api_path(subject) + "bulk/", {"rows": []}, format="json")
    assert refused.status_code in (400, 405)
    if refused.status_code == 400:
        assert refused.json()["created"] == 0 and CHINESE.search(refused.json()["errors"][0]["message"])


@pytest.mark.parametrize("subject", [s for s in UNDER if s.views.resource_class is not None][:2], ids=str)
def test_an_export_whose_query_holds_a_nul_is_recorded_without_it(subject, cast, login):
    from fazhi.core.models import AuditEvent

    assert bearer(token_of("bureau")).get(api_path(subject) + "export/", {"unmask": "\x00x", "q": ""}).status_code == 200
    assert login(cast["bureau"]).get(subject.views.url("export"), {"q": "", "nonsense": "a\x00b"}).status_code == 200
    details = [e.detail for e in AuditEvent.objects.filter(action="export")]
    assert len(details) == 2 and "\x00" not in str(details)
