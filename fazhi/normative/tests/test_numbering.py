"""统一编号 (浦政规〔2021〕3号): allocated by the system at registration from the issuer's sequence of the
year — issuer short name + 规 + 〔year〕 + serial without leading zeros; restarting each year; never given
twice, not even after the document that had it is deleted; and two units registering at the same moment
never get the same number (on SQLite and, with FAZHI_DATABASE_URL, on PostgreSQL)."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection

from fazhi.core.workflow import TransitionRefused
from fazhi.normative.choices import State

from .factories import at, org, published, ready_draft, run

LATER = at(date(2025, 3, 31))


@pytest.fixture(autouse=True)
def _later():
    with time_machine.travel(LATER, tick=False):
        yield


def test_the_number_is_the_issuers_short_name_gui_year_and_serial(county):
    doc = run(ready_draft("demo-d01", issuer="demo"), "register", on=date(2024, 9, 2))
    assert (doc.state, doc.document_no, doc.number_year, doc.number_serial) == (State.REGISTERED, "示政规〔2024〕1号", 2024, 1)
    dept = run(ready_draft("demo-d01"), "register", on=date(2024, 9, 2))
    assert dept.document_no == "示公规〔2024〕1号"  # the department's own sequence


def test_numbers_restart_each_year_and_are_never_reused_after_a_delete(county):
    numbers = [run(ready_draft(issuer="demo", deliberated_on=date(2024, 2, 1)), "register", on=on).document_no for on in (date(2024, 3, 1), date(2024, 11, 5), date(2025, 1, 6))]
    assert numbers == ["示政规〔2024〕1号", "示政规〔2024〕2号", "示政规〔2025〕1号"]
    from fazhi.normative.models import NormativeDocument

    NormativeDocument.objects.get(document_no="示政规〔2024〕2号").delete()
    again = run(ready_draft(issuer="demo"), "register", on=date(2024, 12, 30))
    assert again.document_no == "示政规〔2024〕3号"
    abandoned = run(ready_draft(issuer="demo"), "register", on=date(2025, 2, 3))
    run(abandoned, "abandon", on=date(2025, 2, 4), reason="上位法修改，终止制定")
    assert run(ready_draft(issuer="demo"), "register", on=date(2025, 2, 5)).document_no == "示政规〔2025〕3号"


def test_the_number_cannot_be_typed(cast, login, county):
    doc = ready_draft(issuer="demo")
    client = login(cast["bureau"])
    data = {"org": doc.org_id, "title": doc.title, "issuer": doc.issuer_id, "document_no": "示政规〔2024〕99号"}
    client.post(f"/normative/documents/{doc.pk}/edit/", data)
    doc.refresh_from_db()
    assert doc.document_no is None
    assert "document_no" not in client.get("/normative/documents/new/").content.decode()


def test_registration_needs_review_deliberation_and_consultation(county):
    cases = [
        (dict(legality_review=None), "未经合法性审查"),
        (dict(deliberated_on=None), "尚未登记集体审议"),
        (dict(consultation_start=None, consultation_end=None), "尚未登记公开征求意见情况"),
        (dict(consultation_start=date(2024, 6, 1), consultation_end=date(2024, 6, 20)), "公开征求意见仅19日，少于30日的须说明理由"),
    ]
    for fields, message in cases:
        doc = ready_draft(issuer="demo", **fields)
        with pytest.raises(TransitionRefused, match=message):
            run(doc, "register", on=date(2024, 9, 2))
    unlawful = ready_draft(issuer="demo")
    unlawful.legality_review.conclusion = "unlawful"
    unlawful.legality_review.save()
    with pytest.raises(TransitionRefused, match="不合法"):
        run(unlawful, "register", on=date(2024, 9, 2))
    shortened = ready_draft(issuer="demo", consultation_start=date(2024, 6, 1), consultation_end=date(2024, 6, 20), consultation_note="涉及疫情防控，情况紧急")
    assert run(shortened, "register", on=date(2024, 9, 2)).document_no == "示政规〔2024〕1号"


def test_the_form_asks_why_a_consultation_was_shorter_than_thirty_days(cast, login, county):
    data = {"org": org("demo-d01").pk, "title": "示范县犬类管理办法", "issuer": org("demo-d01").pk,
            "consultation_start": "2024-06-01", "consultation_end": "2024-06-20"}
    r = login(cast["dept1"]).post("/normative/documents/new/", data)
    assert r.status_code == 400 and "公开征求意见的期限一般不少于30日，本件仅19日；少于30日的，须说明理由。" in r.content.decode()
    r = login(cast["dept1"]).post("/normative/documents/new/", {**data, "issuer": org("demo-d02").pk, "consultation_note": "紧急"})
    assert r.status_code == 400 and "制定机关应为起草单位本身或其所属的人民政府。" in r.content.decode()
    assert login(cast["dept1"]).post("/normative/documents/new/", {**data, "consultation_note": "紧急"}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_units_registering_at_once_never_get_the_same_number():
    """Eight drafts of eight units, all issued by the county government, registered by eight threads released
    together: eight different numbers, 1 to 8 (allocate() serialises on the sequence row)."""
    from fazhi.demo import county as demo

    demo.build_orgs()
    drafting = [f"demo-d{i:02d}" for i in range(1, 9)]
    drafts = [ready_draft(code, issuer="demo") for code in drafting]
    barrier = threading.Barrier(len(drafts))
    numbers, errors = {}, []

    def register(doc):
        try:
            barrier.wait(timeout=10)
            numbers[doc.pk] = run(doc, "register", on=date(2024, 9, 2)).document_no
        except Exception as e:  # reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(doc,)) for doc in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(numbers.values(), key=lambda s: int(s[s.index("〕") + 1:-1])) == [f"示政规〔2024〕{n}号" for n in range(1, 9)]
    from fazhi.normative.models import NormativeDocument

    assert NormativeDocument.objects.filter(document_no__isnull=False).values("document_no").distinct().count() == 8


def test_publication_sets_validity_and_filings(county):
    doc = published("demo-d01", issuer="demo", title="示范县城市养犬管理暂行办法")
    assert (doc.state, doc.status, doc.interim, doc.validity_years, doc.effective_on) == (State.PUBLISHED, "effective", True, 2, date(2024, 9, 20))
    assert doc.expires_on == date(2026, 9, 19)
    assert [(f.authority, f.authority_name) for f in doc.filings.order_by("authority")] == [
        ("congress_standing_committee", "示范县人大常委会"), ("superior_government", "示范市人民政府")]
    dept = published("demo-d02")
    assert (dept.validity_years, dept.expires_on) == (5, date(2029, 9, 19))
    assert [(f.authority, f.authority_name) for f in dept.filings.all()] == [("same_level_government", "示范县人民政府")]
