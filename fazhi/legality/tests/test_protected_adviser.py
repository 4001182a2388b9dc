"""An adviser whose opinion a review holds cannot be deleted: the page says why and deletes nothing."""

from datetime import date

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.legality.models import AdviserConsultation

from .factories import org, review_at


def test_deleting_an_adviser_cited_by_a_review_is_refused_with_a_chinese_message(cast, login):
    adviser = LegalAdviserFactory(org=org("demo-sfj"))
    review = review_at("reviewing", org("demo-d01"))
    AdviserConsultation.objects.create(review=review, adviser=adviser, asked_on=date(2024, 9, 4), opinion="建议修改第三条")
    client = login(cast["bureau"])
    r = client.post(f"/advisers/{adviser.pk}/delete/", follow=True)
    assert r.status_code == 200
    assert "不能删除" in r.content.decode() and "法律顾问意见" in r.content.decode()
    assert LegalAdviser.objects.filter(pk=adviser.pk).exists()
