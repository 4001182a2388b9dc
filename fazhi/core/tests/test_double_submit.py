"""A create form is saved once however often it is posted (core.submissions), proven on the legal adviser
registry through the generic create and import pages: the same form posted twice, five times at once from
five threads (the database's unique token decides), without a token, with an altered, another user's or a
stale token, two forms filled in one after the other, and the daily purge of old tokens."""

import re
import threading
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.utils import timezone

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import adviser_row, adviser_workbook
from fazhi.core import submissions
from fazhi.core.models import FormSubmission
from fazhi.core.testing.helpers import org, upload

NEW = "/advisers/new/"
TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([^"]+)">')


def form_data(org_pk, name="钱学法", **overrides):
    data = {
        "org": org_pk, "kind": "legal_adviser", "name": name, "firm": "浙江示范律师事务所", "license_no": "13307201810123456",
        "phone": "13905791234", "contract_start": "2024-01-01", "contract_end": "2024-12-31", "fee": "50000",
        "scope_of_service": "合同审查", "note": "",
    }
    data.update(overrides)
    return data


def token_of(response):
    """The token of the form on a page, as the browser would send it back."""
    found = TOKEN.findall(response.content.decode())
    assert len(found) == 1, "the page carries exactly one form token"
    return unescape(found[0])


def text(response):
    return unescape(response.content.decode())


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- one post after another


def test_the_same_create_form_posted_twice_creates_one_record(cast, login):
    client = login(cast["station1"])
    token = token_of(client.get(NEW))
    data = form_data(org("demo-s01").pk, form_token=token)
    first = client.post(NEW, data)
    assert first.status_code == 302
    adviser = LegalAdviser.objects.get(name="钱学法")
    assert first["Location"] == f"/advisers/{adviser.pk}/"
    again = client.post(NEW, data, follow=True)
    assert again.redirect_chain == [(f"/advisers/{adviser.pk}/", 302)]  # to the record the first post created
    assert "此表单已提交，未重复登记。" in messages_of(again)
    assert LegalAdviser.objects.filter(name="钱学法").count() == 1
    row = FormSubmission.objects.get()
    assert (row.user, row.record, row.url) == (cast["station1"], adviser, f"/advisers/{adviser.pk}/")


def test_a_form_posted_again_after_its_record_took_a_unique_value_is_still_a_duplicate(cast, login):
    """The second post is answered as a duplicate even where validating it again would fail on the first
    post's record (checked after validation too)."""
    client = login(cast["station1"])
    token = token_of(client.get(NEW))
    data = form_data(org("demo-s01").pk, form_token=token)
    assert client.post(NEW, data).status_code == 302
    adviser = LegalAdviser.objects.get()
    adviser.name = "改了名字"
    adviser.save()
    r = client.post(NEW, data)
    assert (r.status_code, r["Location"]) == (302, f"/advisers/{adviser.pk}/")
    assert LegalAdviser.objects.count() == 1


def test_two_different_tokens_create_two_records(cast, login):
    client = login(cast["station1"])
    first, second = token_of(client.get(NEW)), token_of(client.get(NEW))
    assert first != second  # one token per rendered form
    data = form_data(org("demo-s01").pk)
    assert client.post(NEW, {**data, "form_token": first}).status_code == 302
    assert client.post(NEW, {**data, "form_token": second}).status_code == 302
    assert LegalAdviser.objects.filter(name="钱学法").count() == 2
    assert FormSubmission.objects.count() == 2


def test_a_form_that_failed_validation_can_be_posted_again_with_its_token(cast, login):
    """Nothing is remembered of a post that saved nothing: the corrected form saves."""
    client = login(cast["station1"])
    token = token_of(client.get(NEW))
    bad = client.post(NEW, form_data(org("demo-s01").pk, name="", form_token=token))
    assert bad.status_code == 400 and not FormSubmission.objects.exists()
    assert token_of(bad) != token  # the page shown again carries a new token
    assert client.post(NEW, form_data(org("demo-s01").pk, form_token=token)).status_code == 302
    assert LegalAdviser.objects.count() == 1


# ---------------------------------------------------------------- tokens that are refused


def plain_client(user):
    """A client that posts exactly what it is given (the project's test client adds a token)."""
    c = Client()
    c.force_login(user)
    return c


def test_a_missing_token_is_a_chinese_error_and_creates_nothing(cast):
    client = plain_client(cast["station1"])
    r = client.post(NEW, form_data(org("demo-s01").pk))
    assert r.status_code == 400
    assert "表单缺少防重复提交标识，未保存：请刷新页面后重新填写提交。" in text(r)
    assert not LegalAdviser.objects.exists() and not FormSubmission.objects.exists()
    assert token_of(r)  # the form shown again can be saved


@pytest.mark.parametrize("forge", ["altered", "another_user", "not_a_token"])
def test_an_altered_or_foreign_token_is_a_chinese_error_and_creates_nothing(cast, forge):
    client = plain_client(cast["station1"])
    token = token_of(client.get(NEW))
    value = {
        "altered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "another_user": submissions.new_token(cast["station2"]),
        "not_a_token": "12345",
    }[forge]
    r = client.post(NEW, form_data(org("demo-s01").pk, form_token=value))
    assert r.status_code == 400
    assert "表单的防重复提交标识无效，未保存：请刷新页面后重新填写提交。" in text(r)
    assert not LegalAdviser.objects.exists() and not FormSubmission.objects.exists()


def test_a_form_opened_more_than_two_days_ago_is_refused_with_its_data_kept(cast):
    client = plain_client(cast["station1"])
    with time_machine.travel(timezone.now() - timedelta(days=2, minutes=5)):
        token = submissions.new_token(cast["station1"])
    r = client.post(NEW, form_data(org("demo-s01").pk, name="孙晓", form_token=token))
    assert r.status_code == 400
    assert "表单打开已超过2天，已失效，未保存：请核对内容后再次提交。" in text(r)
    assert 'value="孙晓"' in r.content.decode()  # the user's input is shown again, with a new token
    assert not LegalAdviser.objects.exists()


def test_the_edit_form_carries_no_token_and_saves_without_one(cast, login):
    client = login(cast["station1"])
    assert client.post(NEW, form_data(org("demo-s01").pk)).status_code == 302
    adviser = LegalAdviser.objects.get()
    assert not TOKEN.search(client.get(f"/advisers/{adviser.pk}/edit/").content.decode())
    r = plain_client(cast["station1"]).post(f"/advisers/{adviser.pk}/edit/", form_data(org("demo-s01").pk, name="钱学法二"))
    assert r.status_code == 302
    adviser.refresh_from_db()
    assert adviser.name == "钱学法二"


# ---------------------------------------------------------------- import


def test_the_same_workbook_posted_twice_by_one_import_form_is_imported_once(cast, login):
    client = login(cast["station1"])
    token = token_of(client.get("/advisers/import/"))
    content = adviser_workbook([adviser_row("示范县司法局城关镇司法所", "李导入"), adviser_row("示范县司法局城关镇司法所", "王导入")])
    assert client.post("/advisers/import/", {"file": upload(content), "form_token": token}).status_code == 302
    again = client.post("/advisers/import/", {"file": upload(content), "form_token": token}, follow=True)
    assert again.redirect_chain == [("/advisers/", 302)]
    assert "此表单已提交，未重复登记。" in messages_of(again)
    assert LegalAdviser.objects.count() == 2


def test_an_import_without_a_token_is_refused_in_chinese_and_imports_nothing(cast):
    client = plain_client(cast["station1"])
    content = adviser_workbook([adviser_row("示范县司法局城关镇司法所", "李导入")])
    r = client.post("/advisers/import/", {"file": upload(content)}, follow=True)
    assert "表单缺少防重复提交标识，未保存：请刷新页面后重新填写提交。" in messages_of(r)
    assert not LegalAdviser.objects.exists()


def test_a_rejected_import_leaves_its_token_free_for_the_corrected_workbook(cast, login):
    client = login(cast["station1"])
    token = token_of(client.get("/advisers/import/"))
    bad = adviser_workbook([adviser_row("示范县司法局城关镇司法所", "")])
    assert client.post("/advisers/import/", {"file": upload(bad), "form_token": token}).status_code == 400
    assert not FormSubmission.objects.exists()
    good = adviser_workbook([adviser_row("示范县司法局城关镇司法所", "李导入")])
    assert client.post("/advisers/import/", {"file": upload(good), "form_token": token}).status_code == 302
    assert LegalAdviser.objects.count() == 1


# ---------------------------------------------------------------- purge


def test_fazhi_remind_purges_form_submissions_older_than_three_days(cast, login):
    import io

    from django.core.management import call_command

    client = login(cast["station1"])
    assert client.post(NEW, form_data(org("demo-s01").pk, name="旧")).status_code == 302
    assert client.post(NEW, form_data(org("demo-s01").pk, name="新")).status_code == 302
    FormSubmission.objects.filter(object_id=LegalAdviser.objects.get(name="旧").pk).update(created_at=timezone.now() - timedelta(days=3, hours=1))
    out = io.StringIO()
    call_command("remind", stdout=out)
    assert "已清理3天前的表单提交记录1条。" in out.getvalue()
    assert [r.record.name for r in FormSubmission.objects.all()] == ["新"]
    assert LegalAdviser.objects.count() == 2  # the records stay


# ---------------------------------------------------------------- five posts at once


@pytest.fixture
def reference_data(transactional_db):
    """The rows the migrations seed: a transactional test flushes every table after it runs."""
    from fazhi.core.periods import seed_periods

    seed_periods()


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_posts_with_the_same_token_create_one_record(reference_data, cast, monkeypatch):
    """Five threads, each with its own session and database connection, post the same rendered form at
    once. The first to save holds its transaction open until all five have asked whether the token was used
    (none sees the other's uncommitted row), so four posts pass that check and meet the unique token in the
    database: on PostgreSQL they wait on the first's uncommitted row and then fail on the constraint, on
    SQLite they wait for the write lock and then fail on it. Each rolls its transaction back and is sent
    to the record the first post created."""
    from fazhi.core.models import LocalRule

    user = cast["station1"]
    # Five sessions of one account: lift the one-session rule (a new sign-in would end the others).
    LocalRule.objects.create(org=org("demo"), key="sessions_per_account", value="0", basis="测试")
    clients = [plain_client(user) for _ in range(5)]
    token = token_of(clients[0].get(NEW))
    data = form_data(org("demo-s01").pk, name="并发顾问", form_token=token)

    asked = []  # what each post's earlier-submission check found
    all_asked = threading.Event()
    real_earlier = submissions.earlier

    def counting_earlier(request, tok):
        found = real_earlier(request, tok)
        asked.append(found)
        if len(asked) >= 5:
            all_asked.set()
        return found

    monkeypatch.setattr(submissions, "earlier", counting_earlier)
    held = []

    def hold_first_save(sender, instance, created, **kwargs):
        if created and not held:
            held.append(instance.pk)
            all_asked.wait(timeout=15)

    post_save.connect(hold_first_save, sender=LegalAdviser, dispatch_uid="hold_first_save")
    start = threading.Barrier(5)
    responses = [None] * 5

    def post(i):
        try:
            start.wait(timeout=15)
            responses[i] = clients[i].post(NEW, data)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=post, args=(i,)) for i in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        post_save.disconnect(dispatch_uid="hold_first_save", sender=LegalAdviser)

    assert all_asked.is_set() and asked == [None] * 5, "all five posts passed the earlier-submission check"
    adviser = LegalAdviser.objects.get(name="并发顾问")  # exactly one
    assert [r.status_code for r in responses] == [302] * 5
    assert {r["Location"] for r in responses} == {f"/advisers/{adviser.pk}/"}
    assert FormSubmission.objects.count() == 1


# ---------------------------------------------------------------- every registry


def test_every_registry_s_create_and_import_pages_carry_one_form_token(cast, login):
    from fazhi.core.views.generic import VIEWS_BY_MODEL, views_for

    views_for(LegalAdviser)  # loads the URLconf, which declares every registry's views
    checked = []
    for registry in list(VIEWS_BY_MODEL.values()):
        user = next((cast[u] for u in ("bureau", "section", "dept1", "station1") if cast[u].has_perm(registry.perm("add"))), None)
        if user is None:
            continue
        client = login(user)
        for action in ("create", "import"):
            r = client.get(registry.url(action))
            assert r.status_code == 200, (registry.__name__, action)
            assert len(TOKEN.findall(r.content.decode())) == 1, (registry.__name__, action)
        checked.append(registry.__name__)
    assert len(checked) >= 8, checked
