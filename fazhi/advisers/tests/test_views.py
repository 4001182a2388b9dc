"""The generic registry views (core/views/generic.py), proven on the legal adviser registry: list filters,
sorting, pagination, create/edit/delete with field history, PII masking and audited unmasking, Chinese
validation messages, and a list page whose query count does not grow with the rows."""

import re
from datetime import date
from html import unescape

import pytest

from fazhi.advisers.choices import AdviserKind
from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.testing.helpers import exported, org

PHONE = "13905791234"
MASKED = "139****1234"


def listed(response):
    """The names on the list page, in display order."""
    assert response.status_code == 200
    return [row["obj"].name for row in response.context["rows"]]


def links(response):
    """The targets of the page's links, unescaped."""
    return {unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())}


def form_data(org_pk, **overrides):
    data = {
        "org": org_pk,
        "kind": AdviserKind.LEGAL_ADVISER,
        "name": "钱学法",
        "firm": "浙江示范律师事务所",
        "license_no": "13307201810123456",
        "phone": PHONE,
        "contract_start": "2024-01-01",
        "contract_end": "2024-12-31",
        "fee": "50000",
        "scope_of_service": "合同审查",
        "note": "",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- filters


def test_the_kind_filter_keeps_only_that_kind(cast, login):
    s01 = org("demo-s01")
    LegalAdviserFactory(org=s01, name="外聘律师", kind=AdviserKind.LEGAL_ADVISER)
    LegalAdviserFactory(org=s01, name="公职律师甲", kind=AdviserKind.GOVERNMENT_LAWYER)
    client = login(cast["station1"])
    assert listed(client.get("/advisers/", {"kind": AdviserKind.GOVERNMENT_LAWYER})) == ["公职律师甲"]
    assert listed(client.get("/advisers/", {"kind": AdviserKind.LEGAL_ADVISER})) == ["外聘律师"]


def test_the_active_on_filter_keeps_contracts_running_on_that_day(cast, login):
    s01 = org("demo-s01")
    LegalAdviserFactory(org=s01, name="二三年", contract_start=date(2023, 1, 1), contract_end=date(2023, 12, 31))
    LegalAdviserFactory(org=s01, name="二四年", contract_start=date(2024, 1, 1), contract_end=date(2024, 12, 31))
    LegalAdviserFactory(org=s01, name="跨两年", contract_start=date(2023, 7, 1), contract_end=date(2024, 6, 30))
    client = login(cast["station1"])
    assert set(listed(client.get("/advisers/", {"active_on": "2024-06-30"}))) == {"二四年", "跨两年"}
    assert set(listed(client.get("/advisers/", {"active_on": "2023-12-31"}))) == {"二三年", "跨两年"}
    assert listed(client.get("/advisers/", {"active_on": "2025-01-01"})) == []


def test_the_keyword_searches_name_firm_licence_and_service(cast, login):
    s01 = org("demo-s01")
    LegalAdviserFactory(org=s01, name="孙正义", firm="浙江天册律师事务所", license_no="13307201899999999", scope_of_service="诉讼代理")
    LegalAdviserFactory(org=s01, name="周平", firm="浙江金道律师事务所", scope_of_service="法律咨询")
    client = login(cast["station1"])
    assert listed(client.get("/advisers/", {"q": "正义"})) == ["孙正义"]
    assert listed(client.get("/advisers/", {"q": "天册"})) == ["孙正义"]
    assert listed(client.get("/advisers/", {"q": "99999999"})) == ["孙正义"]
    assert listed(client.get("/advisers/", {"q": " 法律咨询 "})) == ["周平"]
    assert listed(client.get("/advisers/", {"q": "不存在的词"})) == []


def test_the_org_filter_includes_the_whole_subtree(cast, login):
    for code in ("demo-sfj", "demo-s01", "demo-s02", "demo-d01", "demo-t01"):
        LegalAdviserFactory(org=org(code), name=f"顾问{code}")
    client = login(cast["bureau"])
    assert set(listed(client.get("/advisers/", {"org": org("demo-sfj").pk}))) == {"顾问demo-sfj", "顾问demo-s01", "顾问demo-s02"}
    assert listed(client.get("/advisers/", {"org": org("demo-s02").pk})) == ["顾问demo-s02"]
    assert len(listed(client.get("/advisers/", {"org": org("demo").pk}))) == 5


def test_filters_combine_and_carry_over_into_the_export(cast, login):
    s01 = org("demo-s01")
    LegalAdviserFactory(org=s01, name="公职一", kind=AdviserKind.GOVERNMENT_LAWYER, contract_start=date(2023, 1, 1), contract_end=date(2023, 12, 31))
    LegalAdviserFactory(org=s01, name="公职二", kind=AdviserKind.GOVERNMENT_LAWYER)
    LegalAdviserFactory(org=s01, name="外聘二", kind=AdviserKind.LEGAL_ADVISER)
    client = login(cast["station1"])
    query = {"kind": AdviserKind.GOVERNMENT_LAWYER, "active_on": "2024-03-01"}
    assert listed(client.get("/advisers/", query)) == ["公职二"]
    assert [r["姓名"] for r in exported(client.get("/advisers/export/", query))] == ["公职二"]


def test_an_invalid_filter_value_shows_nothing_and_the_error(cast, login):
    LegalAdviserFactory(org=org("demo-s01"))
    r = login(cast["station1"]).get("/advisers/", {"active_on": "2024-02-30"})
    assert listed(r) == []
    assert "输入一个有效的日期。" in r.content.decode()


# ---------------------------------------------------------------- sorting and pagination


def three_advisers():
    s01 = org("demo-s01")
    LegalAdviserFactory(org=s01, name="乙", firm="丙所", contract_start=date(2024, 1, 1), contract_end=date(2024, 6, 30))
    LegalAdviserFactory(org=s01, name="甲", firm="甲所", contract_start=date(2024, 3, 1), contract_end=date(2024, 12, 31))
    LegalAdviserFactory(org=s01, name="丙", firm="乙所", contract_start=date(2024, 2, 1), contract_end=date(2024, 9, 30))


def test_the_list_sorts_by_contract_end_latest_first_by_default(cast, login):
    three_advisers()
    assert listed(login(cast["station1"]).get("/advisers/")) == ["甲", "丙", "乙"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("contract_start", ["乙", "丙", "甲"]),
        ("-contract_start", ["甲", "丙", "乙"]),
        ("contract_end", ["乙", "丙", "甲"]),
        ("firm", sorted(["乙", "甲", "丙"], key=lambda n: {"乙": "丙所", "甲": "甲所", "丙": "乙所"}[n])),
    ],
)
def test_the_list_sorts_by_a_whitelisted_column(sort, expected, cast, login):
    three_advisers()
    assert listed(login(cast["station1"]).get("/advisers/", {"sort": sort})) == expected


@pytest.mark.parametrize("sort", ["fee", "phone", "-phone", "status", "created_by__password", "org__memberships__user__password", "'; drop"])
def test_an_unknown_or_unsortable_column_is_ignored(sort, cast, login):
    three_advisers()
    r = login(cast["station1"]).get("/advisers/", {"sort": sort})
    assert listed(r) == ["甲", "丙", "乙"]
    assert r.context["table"].sort == ""


def test_the_sorted_column_header_links_to_the_reverse_order(cast, login):
    three_advisers()
    r = login(cast["station1"]).get("/advisers/", {"sort": "contract_start"})
    header = next(h for h in r.context["headers"] if h["label"] == "聘用起始日期")
    assert header["direction"] == "asc"
    assert "sort=-contract_start" in header["url"]
    phone = next(h for h in r.context["headers"] if h["label"] == "联系电话")
    assert phone["url"] == ""


def test_the_list_pages_by_fifty(cast, login):
    s01 = org("demo-s01")
    for i in range(60):
        LegalAdviserFactory(org=s01, name=f"顾问{i:02d}", contract_end=date(2024, 12, 31) if i < 50 else date(2024, 6, 30))
    client = login(cast["station1"])
    first = client.get("/advisers/")
    assert len(listed(first)) == 50
    assert "共 60 条" in first.content.decode()
    assert "第 1 / 2 页" in first.content.decode()
    assert "page=2" in first.content.decode()
    second = client.get("/advisers/", {"page": 2})
    assert sorted(listed(second)) == [f"顾问{i}" for i in range(50, 60)]
    assert set(listed(first)).isdisjoint(listed(second))
    assert listed(client.get("/advisers/", {"page": 99})) == listed(second)  # past the end: the last page
    assert len(listed(client.get("/advisers/", {"page": "abc"}))) == 50


def test_paging_keeps_the_filter_and_the_sort(cast, login):
    s01 = org("demo-s01")
    for i in range(55):
        LegalAdviserFactory(org=s01, name=f"公职{i:02d}", kind=AdviserKind.GOVERNMENT_LAWYER)
    LegalAdviserFactory(org=s01, name="外聘", kind=AdviserKind.LEGAL_ADVISER)
    client = login(cast["station1"])
    r = client.get("/advisers/", {"kind": AdviserKind.GOVERNMENT_LAWYER, "sort": "name"})
    assert "?kind=government_lawyer&sort=name&page=2" in links(r)
    second = client.get("/advisers/", {"kind": AdviserKind.GOVERNMENT_LAWYER, "sort": "name", "page": 2})
    assert listed(second) == [f"公职{i:02d}" for i in range(50, 55)]


# ---------------------------------------------------------------- create, edit, delete, history


def test_creating_a_record_sets_its_authors_and_writes_history(cast, login):
    station1 = cast["station1"]
    r = login(station1).post("/advisers/new/", form_data(org("demo-s01").pk))
    obj = LegalAdviser.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/advisers/{obj.pk}/"
    assert obj.created_by == station1
    assert obj.updated_by == station1
    assert obj.org.code == "demo-s01"
    [created] = obj.history.all()
    assert created.history_type == "+"
    assert created.history_user == station1


def test_editing_a_record_writes_the_changed_fields_into_its_history(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), name="钱学法", firm="浙江正衡律师事务所", contract_end=date(2024, 12, 31))
    section = cast["section"]
    client = login(section)
    r = client.post(f"/advisers/{record.pk}/edit/", form_data(org("demo-s01").pk, firm="浙江天册律师事务所", contract_end="2025-06-30"))
    assert r.status_code == 302
    record.refresh_from_db()
    assert record.firm == "浙江天册律师事务所"
    assert record.updated_by == section
    assert record.history.first().history_user == section

    page = client.get(f"/advisers/{record.pk}/history/")
    changes = {c["label"]: (c["old"], c["new"]) for c in page.context["entries"][0]["changes"]}
    assert changes["执业机构"] == ("浙江正衡律师事务所", "浙江天册律师事务所")
    assert changes["聘用截止日期"] == ("2024-12-31", "2025-06-30")
    assert "姓名" not in changes  # unchanged fields are not listed
    html = page.content.decode()
    assert "浙江正衡律师事务所" in html
    assert "浙江天册律师事务所" in html
    assert "李敏" in html  # who changed it
    assert [e["type"] for e in page.context["entries"]] == ["修改", "新增"]


def test_the_history_never_shows_personal_information(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), phone="13900000001")
    client = login(cast["bureau"])
    client.post(f"/advisers/{record.pk}/edit/", form_data(org("demo-s01").pk, name=record.name, phone="13900000002"))
    page = client.get(f"/advisers/{record.pk}/history/")
    html = page.content.decode()
    assert "13900000001" not in html
    assert "13900000002" not in html
    assert "（个人信息，已隐藏）" in html


def test_editing_offers_the_current_values(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), name="钱学法")
    form = login(cast["station1"]).get(f"/advisers/{record.pk}/edit/").context["form"]
    assert form.initial["name"] == "钱学法"
    assert form.initial["org"] == org("demo-s01").pk


def test_deleting_a_record_asks_first_then_deletes_and_audits(cast, login):
    record = LegalAdviserFactory(org=org("demo-s02"), name="待删除")
    bureau = cast["bureau"]
    client = login(bureau)
    confirm = client.get(f"/advisers/{record.pk}/delete/")
    assert confirm.status_code == 200
    assert "确定删除“待删除" in confirm.content.decode()
    assert LegalAdviser.objects.filter(pk=record.pk).exists()

    r = client.post(f"/advisers/{record.pk}/delete/")
    assert r.status_code == 302
    assert r["Location"] == "/advisers/"
    assert not LegalAdviser.objects.filter(pk=record.pk).exists()
    deleted = LegalAdviser.history.filter(id=record.pk, history_type="-").get()
    assert deleted.history_user == bureau
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.actor == bureau
    assert "待删除" in event.message
    assert client.get(f"/advisers/{record.pk}/").status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    r = client.get("/advisers/")
    assert r.status_code == 302
    assert r["Location"].startswith("/login/")


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
def test_administrator_roles_cannot_see_business_data(username, cast, login):
    record = LegalAdviserFactory(org=org("demo-sfj"))
    client = login(cast[username])
    assert client.get("/advisers/").status_code == 403
    assert client.get(f"/advisers/{record.pk}/").status_code == 403
    assert client.get("/advisers/export/").status_code == 403


# ---------------------------------------------------------------- personal information


def test_the_phone_is_masked_for_a_role_without_the_pii_right(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), phone=PHONE)
    client = login(cast["station1"])
    for page in (client.get("/advisers/"), client.get(f"/advisers/{record.pk}/")):
        html = page.content.decode()
        assert MASKED in html
        assert PHONE not in html
    assert "查看完整个人信息" not in client.get(f"/advisers/{record.pk}/").content.decode()
    [row] = exported(client.get("/advisers/export/"))
    assert row["联系电话"] == MASKED
    [row] = exported(client.get("/advisers/export/", {"unmask": "1"}))
    assert row["联系电话"] == MASKED  # asking is not enough


def test_unmasking_is_forbidden_without_the_pii_right(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), phone=PHONE)
    r = login(cast["station1"]).get(f"/advisers/{record.pk}/", {"unmask": "1"})
    assert r.status_code == 403
    assert PHONE not in r.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.PII_VIEW).exists()


def test_the_bureau_sees_the_phone_masked_until_it_asks_and_the_view_is_audited(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), phone=PHONE)
    bureau = cast["bureau"]
    client = login(bureau)
    assert PHONE not in client.get("/advisers/").content.decode()
    detail = client.get(f"/advisers/{record.pk}/").content.decode()
    assert MASKED in detail
    assert "?unmask=1" in detail
    assert not AuditEvent.objects.filter(action=AuditAction.PII_VIEW).exists()

    unmasked = client.get(f"/advisers/{record.pk}/", {"unmask": "1"}).content.decode()
    assert PHONE in unmasked
    event = AuditEvent.objects.get(action=AuditAction.PII_VIEW)
    assert event.actor == bureau
    assert event.object_type == "advisers.LegalAdviser"
    assert event.object_id == str(record.pk)


def test_the_bureau_exports_full_phones_only_when_asked_and_the_export_is_audited(cast, login):
    LegalAdviserFactory(org=org("demo-s01"), phone=PHONE)
    client = login(cast["bureau"])
    [row] = exported(client.get("/advisers/export/"))
    assert row["联系电话"] == MASKED
    [row] = exported(client.get("/advisers/export/", {"unmask": "1"}))
    assert row["联系电话"] == PHONE
    events = list(AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id"))
    assert [e.detail["unmasked"] for e in events] == [False, True]
    assert "含完整个人信息" in events[1].message


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contract_end", "2023-12-31", "聘用截止日期不能早于起始日期。"),
        ("license_no", "1330720181012345", "执业证号应为17位数字。"),
        ("license_no", "1330720181012345X", "执业证号应为17位数字。"),
        ("phone", "12345", "联系电话应为11位手机号或带区号的固定电话"),
        ("phone", "139-0579-1234", "联系电话应为11位手机号或带区号的固定电话"),
        ("contract_start", "2024-02-30", "输入一个有效的日期。"),
        ("name", "", "这个字段是必填项。"),
        ("fee", "五万", "输入一个数字。"),
        ("kind", "lawyer", "选择一个有效的选项"),
    ],
)
def test_invalid_input_is_refused_with_a_chinese_message_and_nothing_is_written(field, value, message, cast, login):
    r = login(cast["station1"]).post("/advisers/new/", form_data(org("demo-s01").pk, **{field: value}))
    assert r.status_code == 400
    assert any(message in e for e in r.context["form"].errors[field])
    html = r.content.decode()
    assert message in html
    assert "请改正下列标红的内容后再保存。" in html
    assert not LegalAdviser.objects.exists()


def test_an_invalid_edit_changes_nothing(cast, login):
    record = LegalAdviserFactory(org=org("demo-s01"), contract_start=date(2024, 1, 1), contract_end=date(2024, 12, 31))
    r = login(cast["station1"]).post(f"/advisers/{record.pk}/edit/", form_data(org("demo-s01").pk, contract_end="2023-01-01"))
    assert r.status_code == 400
    assert "聘用截止日期不能早于起始日期。" in r.content.decode()
    record.refresh_from_db()
    assert record.contract_end == date(2024, 12, 31)
    assert record.history.count() == 1


# ---------------------------------------------------------------- query count

LIST_QUERIES = 17  # session, user, memberships and roles, local rule, count, the page's ids, its rows, nav — not per row


def advisers(n):
    s01 = org("demo-s01")
    LegalAdviserFactory.create_batch(n, org=s01, created_by=None)


def test_the_list_page_stays_within_its_query_budget(cast, login, django_assert_max_num_queries):
    advisers(10)
    client = login(cast["station1"])
    client.get("/advisers/")  # the first request of a session may settle the active org
    with django_assert_max_num_queries(LIST_QUERIES):
        assert len(listed(client.get("/advisers/"))) == 10


def test_the_list_pages_query_count_does_not_grow_with_the_rows(cast, login, django_assert_num_queries):
    client = login(cast["bureau"])
    advisers(10)
    client.get("/advisers/")
    with django_assert_num_queries(LIST_QUERIES, exact=False) as ten:
        assert len(listed(client.get("/advisers/"))) == 10
    for code in ("demo-s02", "demo-d01", "demo-t01", "demo"):
        LegalAdviserFactory.create_batch(10, org=org(code))  # rows of several orgs: no per-org query either
    advisers(10)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert len(listed(client.get("/advisers/"))) == 50


def test_the_export_query_count_does_not_grow_with_the_rows(cast, login, django_assert_num_queries):
    client = login(cast["bureau"])
    advisers(10)
    client.get("/advisers/")
    with django_assert_num_queries(LIST_QUERIES, exact=False) as ten:
        assert len(exported(client.get("/advisers/export/"))) == 10
    advisers(50)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert len(exported(client.get("/advisers/export/"))) == 60
