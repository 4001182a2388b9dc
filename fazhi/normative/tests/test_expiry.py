"""Validity (有效期): 5 years by default, 暂行/试行 2 years (local rules); six months before a document expires it
appears in 我的待办 for evaluation; after expiry ``expire_lapsed`` marks it 失效 (history and audit kept) and it
is no longer in force."""

from datetime import date

import time_machine

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, LocalRule
from fazhi.normative.services import expire_lapsed

from .factories import at, org, stock


def expiry_todos(client):
    return [(t.title, t.due) for t in client.get("/").context["todos"] if "有效期届满" in t.title]


def test_the_expiry_warning_appears_six_months_ahead(cast, login, county):
    doc = stock("demo-d01", date(2020, 7, 1), validity_years=5, title="示范县户外广告设置管理办法")
    assert doc.expires_on == date(2025, 6, 30)
    with time_machine.travel(at(date(2024, 12, 29)), tick=False):
        assert expiry_todos(login(cast["dept1"])) == []
    with time_machine.travel(at(date(2024, 12, 30)), tick=False):  # six months before 30 Jun 2025
        client = login(cast["dept1"])
        assert expiry_todos(client) == [(f"{doc.document_no}《示范县户外广告设置管理办法》有效期届满，请评估（届满前六个月提醒）", date(2025, 6, 30))]
        page = client.get(f"/normative/documents/{doc.pk}/").content.decode()
        assert 'data-testid="expiry-warning"' in page
        assert expiry_todos(login(cast["station1"])) == []


def test_interim_documents_and_local_rules_set_the_period(county):
    LocalRule.objects.create(org=org("demo"), key="normative_validity_years", value="3")
    doc = stock("demo-d01", date(2021, 3, 1), validity_years=None, title="示范县网约车管理试行办法")
    assert (doc.interim, doc.default_validity_years()) == (True, 2)
    plain = stock("demo-d01", date(2021, 3, 1), validity_years=None)
    assert plain.default_validity_years() == 3


def test_lapsed_documents_are_marked_expired_with_history_and_audit(cast, county):
    doc = stock("demo-d01", date(2019, 1, 10), validity_years=5)
    keep = stock("demo-d01", date(2023, 1, 10), validity_years=5)
    assert doc.in_force(date(2024, 1, 9)) and not doc.in_force(date(2024, 1, 10))
    assert expire_lapsed(date(2024, 3, 1), user=cast["bureau"]) == 1
    doc.refresh_from_db()
    keep.refresh_from_db()
    assert (doc.status, doc.ended_on, keep.status) == ("expired", date(2024, 1, 10), "effective")
    assert doc.history.latest().history_user == cast["bureau"]
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, message__contains="标注为失效").count() == 1
    assert expire_lapsed(date(2024, 3, 1)) == 0
