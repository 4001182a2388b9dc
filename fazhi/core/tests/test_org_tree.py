"""The org tree's materialised path (DESIGN.md §4.1) and local rules inherited down it (§4.3)."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.choices import OrgKind
from fazhi.core.models import LocalRule, Org
from fazhi.core.rules import RULES, get_rule
from fazhi.core.testing.helpers import org
from fazhi.demo.county import build_orgs

pytestmark = pytest.mark.django_db


def codes(qs):
    return set(qs.values_list("code", flat=True))


# ---------------------------------------------------------------- paths and subtrees


def test_the_path_is_the_chain_of_codes_from_the_root():
    build_orgs()
    assert org("zj").path == "/zj/"
    assert org("demo").path == "/zj/zj-city/demo/"
    assert org("demo-s01").path == "/zj/zj-city/demo/demo-sfj/demo-s01/"
    assert (org("zj").depth, org("demo").depth, org("demo-sfj").depth, org("demo-s01").depth) == (0, 2, 3, 4)


def test_the_subtree_is_the_org_and_everything_below_it():
    build_orgs()
    assert codes(Org.objects.subtree(org("demo-sfj"))) == {"demo-sfj"} | {f"demo-s{i:02d}" for i in range(1, 11)}
    assert codes(Org.objects.subtree(org("demo-s01"))) == {"demo-s01"}
    county = codes(Org.objects.subtree(org("demo")))
    assert len(county) == 1 + 1 + 15 + 10 + 10
    assert "zj-city" not in county


def test_the_subtree_of_a_code_does_not_catch_a_longer_code_with_the_same_start():
    build_orgs()
    bureau = org("demo-sfj")
    Org.objects.create(code="demo-s010", name="第十所分所", kind=OrgKind.STATION, parent=bureau)
    assert codes(Org.objects.subtree(org("demo-s01"))) == {"demo-s01"}


def test_underscores_and_percent_signs_in_codes_are_not_wildcards():
    root = Org.objects.create(code="a_b", name="甲", kind=OrgKind.PROVINCE)
    Org.objects.create(code="a_b-1", name="甲一", kind=OrgKind.CITY, parent=root)
    lookalike = Org.objects.create(code="axb", name="乙", kind=OrgKind.PROVINCE)
    Org.objects.create(code="axb-1", name="乙一", kind=OrgKind.CITY, parent=lookalike)
    assert codes(Org.objects.subtree(root)) == {"a_b", "a_b-1"}


def test_ancestors_run_from_the_root_down():
    build_orgs()
    assert [o.code for o in org("demo-s01").ancestors()] == ["zj", "zj-city", "demo", "demo-sfj", "demo-s01"]
    assert [o.code for o in org("demo-s01").ancestors(include_self=False)][-1] == "demo-sfj"
    assert org("demo-s01").is_within(org("demo"))
    assert not org("demo").is_within(org("demo-s01"))


# ---------------------------------------------------------------- moving


def test_moving_an_org_rewrites_the_paths_of_all_its_descendants():
    build_orgs()
    township = org("demo-t01")
    village = Org.objects.create(code="demo-t01-v1", name="城关镇某村", kind=OrgKind.TOWNSHIP, parent=township)
    Org.objects.create(code="demo-t01-v1-g1", name="某村一组", kind=OrgKind.TOWNSHIP, parent=village)
    other_county = Org.objects.create(code="nb", name="邻县人民政府", kind=OrgKind.GOVERNMENT, parent=org("zj-city"))

    township.parent = other_county
    township.save()

    assert org("demo-t01").path == "/zj/zj-city/nb/demo-t01/"
    assert org("demo-t01-v1").path == "/zj/zj-city/nb/demo-t01/demo-t01-v1/"
    assert org("demo-t01-v1-g1").path == "/zj/zj-city/nb/demo-t01/demo-t01-v1/demo-t01-v1-g1/"
    assert (org("demo-t01").depth, org("demo-t01-v1").depth, org("demo-t01-v1-g1").depth) == (3, 4, 5)
    assert codes(Org.objects.subtree(other_county)) == {"nb", "demo-t01", "demo-t01-v1", "demo-t01-v1-g1"}
    assert not codes(Org.objects.subtree(org("demo"))) & {"demo-t01", "demo-t01-v1", "demo-t01-v1-g1"}
    assert org("demo-t02").path == "/zj/zj-city/demo/demo-t02/"  # siblings untouched


def test_moving_an_org_moves_its_records_into_the_new_parents_scope():
    build_orgs()
    LegalAdviserFactory(org=org("demo-s01"), name="随所迁移")
    station = org("demo-s01")
    station.parent = org("demo-t01")
    station.save()
    assert list(LegalAdviser.objects.filter(org__path__startswith=org("demo-t01").path).values_list("name", flat=True)) == ["随所迁移"]
    assert not LegalAdviser.objects.filter(org__path__startswith=org("demo-sfj").path).exists()


def test_renaming_a_code_rewrites_the_descendants_paths():
    build_orgs()
    bureau = org("demo-sfj")
    bureau.code = "demo-sfj2"
    bureau.save()
    assert org("demo-s01").path == "/zj/zj-city/demo/demo-sfj2/demo-s01/"


def test_an_org_cannot_become_the_child_of_its_own_descendant():
    build_orgs()
    bureau = org("demo-sfj")
    bureau.parent = org("demo-s01")
    with pytest.raises(ValidationError) as e:
        bureau.full_clean()
    assert e.value.message_dict["parent"] == ["上级机构不能是本机构或其下级。"]


def test_an_org_cannot_be_its_own_parent():
    build_orgs()
    bureau = org("demo-sfj")
    bureau.parent = bureau
    with pytest.raises(ValidationError) as e:
        bureau.full_clean()
    assert e.value.message_dict["parent"] == ["上级机构不能是本机构或其下级。"]


def test_a_station_serves_only_a_township():
    build_orgs()
    station = org("demo-s01")
    station.serves = org("demo-d01")
    with pytest.raises(ValidationError) as e:
        station.full_clean()
    assert e.value.message_dict["serves"] == ["司法所服务的单位必须是乡镇（街道）。"]


def test_a_sibling_may_become_the_parent():
    build_orgs()
    township = org("demo-t02")
    township.parent = org("demo-t01")
    township.full_clean()
    township.save()
    assert org("demo-t02").path == "/zj/zj-city/demo/demo-t01/demo-t02/"


# ---------------------------------------------------------------- local rules


def test_a_rule_without_an_override_has_its_default():
    build_orgs()
    assert get_rule(org("demo-s01"), "todo_warning_days") == RULES["todo_warning_days"].default == 7
    assert get_rule(None, "todo_warning_days") == 7


def test_a_county_override_holds_for_the_whole_county():
    build_orgs()
    LocalRule.objects.create(org=org("demo"), key="todo_warning_days", value="10")
    for code in ("demo", "demo-sfj", "demo-s01", "demo-d01", "demo-t01"):
        assert get_rule(org(code), "todo_warning_days") == 10
    assert get_rule(org("zj-city"), "todo_warning_days") == 7


def test_a_township_override_beats_the_county_for_that_township_and_below():
    build_orgs()
    LocalRule.objects.create(org=org("demo"), key="todo_warning_days", value="10")
    LocalRule.objects.create(org=org("demo-t01"), key="todo_warning_days", value="3")
    village = Org.objects.create(code="demo-t01-v1", name="城关镇某村", kind=OrgKind.TOWNSHIP, parent=org("demo-t01"))
    assert get_rule(org("demo-t01"), "todo_warning_days") == 3
    assert get_rule(village, "todo_warning_days") == 3
    assert get_rule(org("demo-t02"), "todo_warning_days") == 10


def test_a_province_override_is_inherited_unless_nearer_one_exists():
    build_orgs()
    LocalRule.objects.create(org=org("zj"), key="report_department_due", value="02-15")
    LocalRule.objects.create(org=org("demo-d01"), key="report_department_due", value="03-15")
    assert get_rule(org("demo-d02"), "report_department_due") == "02-15"
    assert get_rule(org("demo-d01"), "report_department_due") == "03-15"


def test_rules_follow_an_org_that_moves():
    build_orgs()
    LocalRule.objects.create(org=org("demo"), key="todo_warning_days", value="10")
    other = Org.objects.create(code="nb", name="邻县人民政府", kind=OrgKind.GOVERNMENT, parent=org("zj-city"))
    LocalRule.objects.create(org=other, key="todo_warning_days", value="14")
    township = org("demo-t01")
    township.parent = other
    township.save()
    assert get_rule(org("demo-t01"), "todo_warning_days") == 14


def test_an_override_for_another_key_does_not_leak():
    build_orgs()
    LocalRule.objects.create(org=org("demo"), key="rate_decimals", value="1")
    assert get_rule(org("demo-s01"), "todo_warning_days") == 7
    assert get_rule(org("demo-s01"), "rate_decimals") == 1
