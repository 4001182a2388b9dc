"""The legality review workflow: receipt starts the clock, a request for supplements stops it, legal
advisers' opinions are recorded, the opinion is issued with numbered items and its review time stored; an
opinion on a major decision draft before the minimum review time (条例第二十六条) is refused in Chinese;
the submitting unit may withdraw its draft but not run the office's steps."""

from datetime import date

import pytest
import time_machine

from fazhi.advisers.models import LegalAdviser
from fazhi.core.models import LocalRule, TransitionLog
from fazhi.core.workflow import TransitionRefused
from fazhi.legality.choices import Conclusion, ReviewKind, State
from fazhi.legality.models import OpinionItem

from .factories import ReviewFactory, at, do, org, run

pytestmark = pytest.mark.usefixtures("holidays")
LATER = at(date(2024, 10, 31))


@pytest.fixture
def adviser(county):
    return LegalAdviser.objects.create(org=org("demo-sfj"), name="郑海燕", firm="浙江示范律师事务所", contract_start=date(2024, 1, 1), contract_end=date(2024, 12, 31))


def test_the_review_runs_from_receipt_and_a_supplement_stops_the_clock(county, cast, adviser):
    review = ReviewFactory(submitting_org=org("demo-d01"))
    assert (review.review_no, review.state, review.due_on) == ("示司合审〔2024〕1号", State.SUBMITTED, None)
    with time_machine.travel(LATER, tick=False):
        review = run(review, "receive", on=date(2024, 9, 3))
        # 15 working days after Tue 3 Sep 2024: Sat 14 Sep is a make-up working day, 15–17 Sep 中秋 are not.
        assert review.due_on == date(2024, 9, 25)
        review = run(review, "request_supplement", on=date(2024, 9, 5), items="起草说明、征求意见采纳情况")
        assert (review.state, review.due_on) == (State.SUPPLEMENT, None)  # the clock stands while waiting
        review = run(review, "receive_supplement", on=date(2024, 9, 10))
        # 6, 9 and 10 Sep are not counted: three working days later, on Sun 29 Sep (a make-up working day before 国庆).
        assert (review.state, review.due_on) == (State.REVIEWING, date(2024, 9, 29))
        review = run(review, "assign", on=date(2024, 9, 10), reviewer=cast["section"])
        review = run(review, "consult", on=date(2024, 9, 11), adviser=adviser, opinion="建议删除第八条罚款规定。", replied_on=date(2024, 9, 12))
        review = run(review, "issue", on=date(2024, 9, 20), conclusion=Conclusion.LAWFUL_IF_AMENDED, summary="修改后合法。",
                     item_list=["第八条设定罚款，超越权限，应予删除。", "第十二条应明确救济途径。"], user=cast["section"])
    assert (review.state, review.conclusion, review.opinion_on, review.reviewer) == (State.ISSUED, "lawful_if_amended", date(2024, 9, 20), cast["section"])
    # 9/4, 9/5, 9/11, 9/12, 9/13, 9/14, 9/18, 9/19, 9/20: nine working days, the supplement days left out.
    assert review.review_working_days == 9
    assert review.on_time is True and review.due_on == date(2024, 9, 29)
    assert list(OpinionItem.objects.filter(review=review).values_list("number", "content")) == [
        (1, "第八条设定罚款，超越权限，应予删除。"), (2, "第十二条应明确救济途径。")]
    assert [c.adviser.name for c in review.consultations.all()] == ["郑海燕"]
    assert [t.transition for t in TransitionLog.objects.order_by("id")] == ["receive", "request_supplement", "receive_supplement", "assign", "consult", "issue"]


EARLY = ("重大行政决策草案的合法性审查时间一般不少于7个工作日（《重大行政决策程序暂行条例》第二十六条），"
         "本件于2024年9月3日接收，最早可于2024年9月12日出具审查意见。")


def test_an_opinion_on_a_major_decision_draft_before_seven_working_days_is_refused(county, cast, adviser, login):
    review = ReviewFactory(submitting_org=org("demo-d03"), kind=ReviewKind.MAJOR_DECISION, title="示范县城区停车收费调整方案")
    with time_machine.travel(LATER, tick=False):
        review = run(review, "receive", on=date(2024, 9, 3))
        review = run(review, "consult", on=date(2024, 9, 4), adviser=adviser, opinion="程序合法。")
        with pytest.raises(TransitionRefused) as e:
            run(review, "issue", on=date(2024, 9, 11), conclusion=Conclusion.LAWFUL, item_list=[])
        assert e.value.messages == [EARLY]
        # Through the page: the same message, nothing changed.
        r = do(login(cast["section"]), review, "issue", on="2024-09-11", conclusion="lawful")
        assert r.status_code == 400 and EARLY in r.content.decode()
        review.refresh_from_db()
        assert (review.state, review.opinion_on) == (State.REVIEWING, None)
        review = run(review, "issue", on=date(2024, 9, 12), conclusion=Conclusion.LAWFUL, item_list=[])
    assert (review.state, review.review_working_days) == (State.ISSUED, 7)


def test_the_minimum_is_a_local_rule_and_applies_only_to_major_decisions(county, adviser):
    LocalRule.objects.create(org=org("demo"), key="legality_min_working_days", value="10")
    major = ReviewFactory(submitting_org=org("demo-d03"), kind=ReviewKind.MAJOR_DECISION)
    contract = ReviewFactory(submitting_org=org("demo-d03"), kind=ReviewKind.ADMINISTRATIVE_CONTRACT)
    with time_machine.travel(LATER, tick=False):
        major = run(run(major, "receive", on=date(2024, 9, 3)), "consult", on=date(2024, 9, 3), adviser=adviser, opinion="同意")
        with pytest.raises(TransitionRefused, match="一般不少于10个工作日.*最早可于2024年9月18日"):
            run(major, "issue", on=date(2024, 9, 13), conclusion=Conclusion.LAWFUL, item_list=[])
        contract = run(run(contract, "receive", on=date(2024, 9, 3)), "issue", on=date(2024, 9, 4), conclusion=Conclusion.LAWFUL, item_list=[])
    assert contract.review_working_days == 1


def test_a_major_decision_needs_a_legal_advisers_opinion(county):
    review = ReviewFactory(submitting_org=org("demo-d03"), kind=ReviewKind.MAJOR_DECISION)
    with time_machine.travel(LATER, tick=False):
        review = run(review, "receive", on=date(2024, 9, 3))
        with pytest.raises(TransitionRefused, match="应当听取法律顾问、公职律师的意见（《重大行政决策程序暂行条例》第二十八条）"):
            run(review, "issue", on=date(2024, 9, 20), conclusion=Conclusion.LAWFUL, item_list=[])


def test_an_amending_opinion_needs_numbered_items(county, cast, login):
    review = ReviewFactory(submitting_org=org("demo-d01"))
    client = login(cast["section"])
    with time_machine.travel(LATER, tick=False):
        run(review, "receive", on=date(2024, 9, 3))
        r = do(client, review, "issue", on="2024-09-10", conclusion="unlawful", items="")
        assert r.status_code == 400 and "须逐条列明审查意见" in r.content.decode()
        r = do(client, review, "issue", on="2024-09-10", conclusion="unlawful", items="1. 无上位法依据\n（二）增设了许可条件\n")
        assert r.status_code == 302
    assert list(review.items.values_list("number", "content")) == [(1, "无上位法依据"), (2, "增设了许可条件")]


def test_the_submitting_unit_may_withdraw_but_not_review(county, cast, login):
    review = ReviewFactory(submitting_org=org("demo-d01"))
    client = login(cast["dept1"])
    with time_machine.travel(LATER, tick=False):
        page = client.get(f"/legality/reviews/{review.pk}/").content.decode()
        assert 'data-transition="withdraw"' in page and 'data-transition="receive"' not in page
        assert client.get(f"/legality/reviews/{review.pk}/do/receive/").status_code == 403
        assert do(client, review, "receive", on="2024-09-03").status_code == 403
        review.refresh_from_db()
        assert review.state == State.SUBMITTED
        assert do(client, review, "withdraw", on="2024-09-04", reason="需重新起草").status_code == 302
    review.refresh_from_db()
    assert (review.state, review.withdrawn_on, review.due_on) == (State.WITHDRAWN, date(2024, 9, 4), None)


def test_the_office_sees_every_step_on_the_page(county, cast, login):
    review = ReviewFactory(submitting_org=org("demo-d01"))
    with time_machine.travel(LATER, tick=False):
        page = login(cast["section"]).get(f"/legality/reviews/{review.pk}/").content.decode()
    assert 'data-transition="receive"' in page and 'data-transition="withdraw"' in page


def test_review_numbers_restart_each_year_at_the_office(county):
    a = ReviewFactory(submitting_org=org("demo-d01"), submitted_on=date(2024, 12, 30))
    b = ReviewFactory(submitting_org=org("demo-d02"), submitted_on=date(2025, 1, 2))
    c = ReviewFactory(submitting_org=org("demo-t01"), submitted_on=date(2025, 1, 3))
    assert (a.review_no, b.review_no, c.review_no) == ("示司合审〔2024〕1号", "示司合审〔2025〕1号", "示司合审〔2025〕2号")
    assert {a.org.code, b.org.code, c.org.code} == {"demo-sfj"}
