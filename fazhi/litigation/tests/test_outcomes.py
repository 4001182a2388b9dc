"""胜诉/败诉/调撤 derive from the judgment type (DOMAIN.md §2.1; ORACLE.md F1, F10): 败诉 = 撤销, 部分撤销,
撤销并重作, 履行, 给付, 确认违法, 确认无效, 变更, 行政协议; 胜诉 = 驳回诉讼请求, 驳回起诉; 撤诉 and 调解 are
neither (调撤). 驳回上诉 keeps the class of the judgment it upholds."""

from datetime import date

import pytest

from fazhi.litigation.choices import Instance, OutcomeClass, Result
from fazhi.litigation.tests.factories import LawsuitFactory, org

EXPECTED = {
    Result.REJECTED: OutcomeClass.WON,
    Result.DISMISSED: OutcomeClass.WON,
    Result.REVOKED: OutcomeClass.LOST,
    Result.PARTLY_REVOKED: OutcomeClass.LOST,
    Result.REVOKED_AND_REDO: OutcomeClass.LOST,
    Result.PERFORMANCE: OutcomeClass.LOST,
    Result.PAYMENT: OutcomeClass.LOST,
    Result.DECLARED_UNLAWFUL: OutcomeClass.LOST,
    Result.DECLARED_VOID: OutcomeClass.LOST,
    Result.MODIFIED: OutcomeClass.LOST,
    Result.AGREEMENT: OutcomeClass.LOST,
    Result.WITHDRAWN: OutcomeClass.MEDIATED_OR_WITHDRAWN,
    Result.MEDIATED: OutcomeClass.MEDIATED_OR_WITHDRAWN,
    Result.TERMINATED: OutcomeClass.OTHER,
    Result.REMANDED: OutcomeClass.OTHER,
}


def test_every_result_is_classified():
    assert set(EXPECTED) | {Result.APPEAL_REJECTED} == set(Result)


@pytest.mark.parametrize("result, expected", EXPECTED.items())
def test_won_and_lost_follow_the_result(result, expected, county):
    case = LawsuitFactory(org=org("demo-d01"), result=result, closed_on=date(2024, 6, 1))
    assert case.outcome_class == expected
    assert case.is_lost == (expected == OutcomeClass.LOST)
    assert case.is_won == (expected == OutcomeClass.WON)


@pytest.mark.parametrize("first, expected", [(Result.REVOKED, OutcomeClass.LOST), (Result.REJECTED, OutcomeClass.WON)])
def test_an_appeal_rejected_keeps_the_class_of_the_first_instance(first, expected, county):
    one = LawsuitFactory(org=org("demo-d01"), result=first, closed_on=date(2024, 6, 1))
    two = LawsuitFactory(org=org("demo-d01"), case_no="（2024）浙07行终5号", trial_level=Instance.APPEAL, previous_instance=one,
                         result=Result.APPEAL_REJECTED, closed_on=date(2024, 9, 1))
    assert two.outcome_class == expected
    assert two.get_outcome_class_display() == expected.label


def test_the_list_shows_the_outcome_and_filters_by_it(cast, login):
    lost = LawsuitFactory(org=org("demo-d01"), result=Result.REVOKED, closed_on=date(2024, 6, 1))
    LawsuitFactory(org=org("demo-d01"), result=Result.REJECTED, closed_on=date(2024, 6, 1))
    client = login(cast["bureau"])
    rows = client.get("/litigation/", {"outcome": "lost"}).context["rows"]
    assert [r["obj"].pk for r in rows] == [lost.pk]
    assert "败诉" in [c["text"] for c in rows[0]["cells"]]
