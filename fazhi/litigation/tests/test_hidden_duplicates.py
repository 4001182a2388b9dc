"""A case number another unit registered, which the user may not see, is refused — a court's case number is
registered once — but the refusal does not confirm that case: not "此案号已经登记", not its unit, the same
words whichever unit (of this county or another) holds it. A duplicate the user may see is still named."""

from datetime import date

import pytest

from fazhi.core.models import Org
from fazhi.core.scope import HIDDEN_DUPLICATE
from fazhi.litigation.choices import Result
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.tests.factories import LawsuitFactory, ledger_row, ledger_workbook, org, upload
from fazhi.litigation.tests.test_case_number import form_data

CASE_NO = "（2024）浙0726行初12号"
HIDDEN = HIDDEN_DUPLICATE.format(what="审理法院和案号")
NAMED = "该法院的此案号已经登记，请勿重复录入。"


def holder(code):
    """A case of ``code`` (another county department, or a unit of the neighbouring county) with CASE_NO."""
    return LawsuitFactory(org=Org.objects.get(code=code), case_no=CASE_NO, act="他单位的被诉行政行为")


def create(client, **overrides):
    from fazhi.core.models import User

    user = User.objects.get(pk=client.session["_auth_user_id"])
    return client.post("/litigation/new/", form_data(user, **overrides))


@pytest.mark.parametrize("code", ["demo-d02", "other"])
def test_a_case_number_another_unit_registered_is_refused_without_saying_so(code, cast, login):
    theirs = holder(code)
    r = create(login(cast["dept1"]))
    assert r.status_code == 400
    assert r.context["form"].errors["case_no"] == [HIDDEN]
    page = r.content.decode()
    assert HIDDEN in page
    assert "已经登记" not in page and theirs.act not in page
    assert list(Lawsuit.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_duplicate_the_user_may_see_is_still_named_as_one(cast, login):
    holder("demo-d01")
    r = create(login(cast["dept1"]))
    assert r.status_code == 400
    assert NAMED in r.content.decode() and HIDDEN not in r.content.decode()
    assert Lawsuit.objects.count() == 1


def test_the_bureau_is_told_a_county_units_case_is_already_registered(cast, login):
    holder("demo-d02")
    r = create(login(cast["bureau"]))
    assert r.status_code == 400
    assert NAMED in r.content.decode()
    assert Lawsuit.objects.count() == 1


def test_the_same_number_at_another_court_is_not_a_duplicate(cast, login):
    holder("demo-d02")
    r = create(login(cast["dept1"]), court="示范市中级人民法院")
    assert r.status_code == 302
    assert Lawsuit.objects.count() == 2


def test_a_second_instance_number_another_unit_registered_is_refused_without_saying_so(cast, login):
    appeal_no = "（2024）浙07行终35号"
    theirs = LawsuitFactory(org=org("demo-d02"), court="示范市中级人民法院", case_no=appeal_no)
    mine = LawsuitFactory(org=org("demo-d01"), result=Result.DISMISSED, closed_on=date(2024, 5, 30), served_on=date(2024, 6, 3))
    client = login(cast["dept1"])
    r = client.post(f"/litigation/{mine.pk}/do/appeal/", {"on": "2024-06-10", "appellant": "plaintiff", "court": "示范市中级人民法院",
                                                         "case_no": appeal_no, "complaint_received_on": "2024-06-20"})
    assert r.status_code == 400
    assert r.context["error"] == HIDDEN_DUPLICATE.format(what="审理法院和案号")
    assert "已经登记" not in r.content.decode()
    mine.refresh_from_db()
    assert (mine.state, mine.appealed) == ("judged", False)
    assert set(Lawsuit.objects.values_list("pk", flat=True)) == {theirs.pk, mine.pk}


def test_an_imported_row_with_another_units_case_number_is_refused_without_saying_so(cast, login):
    holder("demo-d02")
    rows = [ledger_row("（2024）浙0726行初11号"), ledger_row(CASE_NO)]
    r = login(cast["dept1"]).post("/litigation/import/", {"file": upload(ledger_workbook(rows))})
    assert r.status_code == 400
    assert r.context["result"].errors == [(3, "案号", HIDDEN)]
    assert "已经登记" not in r.content.decode()
    assert Lawsuit.objects.count() == 1
