"""Filing (备案): each filing is due ``normative_filing_days`` calendar days (local rule, 30 by default) from
publication, the last day rolled to the next working day (《民事诉讼法》第八十五条); a document is filed when
every filing it needs has been submitted, on time when each was; 我的待办 lists filings falling due."""

from datetime import date

import pytest
import time_machine

from fazhi.core.models import LocalRule
from fazhi.core.workflow import TransitionRefused

from .factories import at, org, published, run

pytestmark = pytest.mark.usefixtures("holidays")


def test_the_filing_deadline_counts_calendar_days_and_rolls_off_a_weekend(county):
    with time_machine.travel(at(date(2024, 12, 31)), tick=False):
        doc = published("demo-d01", issuer="demo", published_on=date(2024, 9, 20))
    # By hand: 20 Sep 2024 + 30 calendar days (the first day not counted) = Sun 20 Oct 2024. The 国庆 holiday
    # (1–7 Oct) lies inside the period and does not lengthen a calendar-day period; only the last day counts:
    # Sunday 20 Oct is not a working day, so the period ends on Monday 21 Oct 2024.
    assert {f.due_on for f in doc.filings.all()} == {date(2024, 10, 21)}


def test_a_deadline_falling_in_the_national_day_holiday_moves_past_it(county):
    with time_machine.travel(at(date(2024, 12, 31)), tick=False):
        doc = published("demo-d01", published_on=date(2024, 9, 1), deliberated_on=date(2024, 8, 1), registered_on=date(2024, 8, 5))
    # 1 Sep + 30 days = Tue 1 Oct 2024, 国庆节; 1–7 Oct are holidays, so the filing is due on Tue 8 Oct.
    assert doc.filings.get().due_on == date(2024, 10, 8)


def test_the_filing_period_is_a_local_rule(county):
    LocalRule.objects.create(org=org("demo"), key="normative_filing_days", value="15")
    with time_machine.travel(at(date(2024, 12, 31)), tick=False):
        doc = published("demo-d01", published_on=date(2024, 9, 20))
    assert doc.filings.get().due_on == date(2024, 10, 8)  # 20 Sep + 15 = Sat 5 Oct, in the holiday → Tue 8 Oct


def test_filed_when_every_filing_is_submitted_and_on_time_when_each_was(county):
    with time_machine.travel(at(date(2024, 12, 31)), tick=False):
        doc = published("demo-d01", issuer="demo", published_on=date(2024, 9, 20))
        city, congress = doc.filings.get(authority="superior_government"), doc.filings.get(authority="congress_standing_committee")
        doc = run(doc, "file", on=date(2024, 10, 21), filing=city.pk)
        assert (doc.filed_on, doc.filed_on_time) == (None, None)  # one of two
        with pytest.raises(TransitionRefused, match="不能早于公布日期"):
            run(doc, "file", on=date(2024, 9, 19), filing=congress.pk)
        doc = run(doc, "file", on=date(2024, 10, 22), filing=congress.pk)
        assert (doc.filed_on, doc.filed_on_time) == (date(2024, 10, 22), False)
        congress.refresh_from_db()
        assert (congress.on_time, congress.due_on) == (False, date(2024, 10, 21))
        doc = run(doc, "filing_outcome", on=date(2024, 11, 5), filing=city.pk, outcome="approved_after_correction")
    city.refresh_from_db()
    assert (city.on_time, city.outcome, city.outcome_on) == (True, "approved_after_correction", date(2024, 11, 5))


def test_my_todos_list_filings_falling_due(cast, login, county):
    with time_machine.travel(at(date(2024, 10, 15)), tick=False):
        doc = published("demo-d01", published_on=date(2024, 9, 20))
        todos = [t for t in login(cast["dept1"]).get("/").context["todos"] if t.kind == "规范性文件"]
        assert [(t.title, t.due) for t in todos] == [(f"{doc.document_no}：报示范县人民政府备案", date(2024, 10, 21))]
        other = [t for t in login(cast["station1"]).get("/").context["todos"] if t.kind == "规范性文件"]
        assert other == []
        run(doc, "file", on=date(2024, 10, 15), filing=doc.filings.get().pk)
        assert [t for t in login(cast["dept1"]).get("/").context["todos"] if t.kind == "规范性文件"] == []
