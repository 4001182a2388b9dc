"""Personal data declared once (core/personal.py): the masking of each kind, a natural person's row against an
organisation's, a parent's values from its child rows, the system check that ties a declaration to the model's
fields and to the encryption at rest, and — for every registry model that declares personal fields — a role
without ``can_view_pii`` seeing them masked on the list, the detail page, the history tab, the export and the
indicators' drill-down."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.core import personal, registry
from fazhi.core.checks import personal_data
from fazhi.core.models import Org
from fazhi.core.personal import ADDRESS, FREE_TEXT, ID_NUMBER, NAME, PHONE, PersonalFields, Rows
from fazhi.core.testing.contract import GOOD_ID, subject_of
from fazhi.core.views.generic import views_for
from fazhi.decisions.choices import CounterpartyKind
from fazhi.decisions.models import AdministrativeContract
from fazhi.reconsideration.choices import PartyKind, PartyRole
from fazhi.reconsideration.models import Party, ReconsiderationCase


# ---- the masking function ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "value", "masked"), [
    (NAME, "张伟明", "张*明"),
    (NAME, "张三", "张*"),
    (NAME, "欧阳伟明、李四", "欧**明、李*"),
    (ID_NUMBER, GOOD_ID, "330726********0016"),
    (PHONE, "13905791234", "139****1234"),
    (PHONE, "0579-84123456", "057******3456"),
    (ADDRESS, "示范县城关镇解放路12号", "示范县城关镇******"),
    (FREE_TEXT, "申请人张伟明口述", personal.HIDDEN_TEXT),
    (NAME, "", ""),
    (PHONE, None, None),
])
def test_each_kind_is_masked_its_own_way(kind, value, masked):
    assert personal.mask(value, kind) == masked


def test_an_unknown_kind_is_refused_rather_than_shown():
    with pytest.raises(ValueError, match="unknown kind"):
        personal.mask("x", "passport")


def test_a_natural_persons_name_is_masked_and_an_organisations_is_not():
    person = AdministrativeContract(counterparty_kind=CounterpartyKind.PERSON, counterparty_name="王小明")
    company = AdministrativeContract(counterparty_kind=CounterpartyKind.ORGANISATION, counterparty_name="浙江宏达建设工程有限公司")
    assert personal.shown(person, "counterparty_name") == "王*明"
    assert personal.shown(person, "counterparty_name", unmasked=True) == "王小明"
    assert personal.shown(company, "counterparty_name") == "浙江宏达建设工程有限公司"
    assert personal.holds(person) and not personal.holds(company)
    assert personal.shown(person, "title") == person.title  # not personal: as it is


def test_a_partys_phone_is_masked_whoever_the_party_is_but_only_a_persons_name():
    org = Party(kind=PartyKind.ORGANISATION, name="示范县宏达公司", phone="13905791234", credit_code="91330726MA2EXAMPLE")
    assert (personal.shown(org, "name"), personal.shown(org, "phone"), personal.shown(org, "credit_code")) == (
        "示范县宏达公司", "139****1234", "91330726MA2EXAMPLE")
    assert personal.shown(Party(kind=PartyKind.PERSON, name="张伟明"), "name") == "张*明"


@pytest.mark.django_db
def test_a_parent_shows_its_childrens_values_each_masked_by_the_childs_declaration(county):
    from fazhi.reconsideration.tests.factories import CaseFactory

    case = CaseFactory(org=Org.objects.get(code="demo-sfj"), oral_record="申请人口述")
    Party.objects.create(case=case, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name="张伟明", phone="13905791234")
    Party.objects.create(case=case, role=PartyRole.APPLICANT, kind=PartyKind.ORGANISATION, name="示范县宏达公司")
    Party.objects.create(case=case, role=PartyRole.AGENT, kind=PartyKind.PERSON, name="李律师")
    assert personal.shown(case, "applicant_name") == "张*明、示范县宏达公司"
    assert personal.shown(case, "applicant_name", unmasked=True) == "张伟明、示范县宏达公司"
    assert personal.shown(case, "applicant_phone") == "139****1234"  # the company has none: left out
    assert personal.shown(case, "oral_record") == personal.HIDDEN_TEXT
    assert personal.shown(case, "org__name") == "示范县司法局"  # through a relation: the holder's declaration


# ---- the system check -------------------------------------------------------------------------------------
def test_the_declarations_pass_the_personal_data_check():
    assert personal_data() == []


@pytest.mark.parametrize(("model", "declaration", "says"), [
    (AdministrativeContract, PersonalFields(counterparty=NAME), "counterparty 不存在"),
    (AdministrativeContract, PersonalFields(counterparty_name="passport"), "类型 'passport' 无效"),
    (AdministrativeContract, PersonalFields(counterparty_name=NAME, natural_person={"kind_of": "person"},
                                            natural_person_only={"counterparty_name"}), "kind_of 不存在"),
    (AdministrativeContract, PersonalFields(counterparty_name=NAME, natural_person_only={"counterparty_name"}),
     "没有声明 natural_person"),
    (AdministrativeContract, PersonalFields(contract_no=PHONE), "contract_no 未加密存储"),
    (Party, PersonalFields(name=NAME, id_number=ID_NUMBER, address=ADDRESS), "加密字段 phone 未在 personal 中声明"),
    (ReconsiderationCase, PersonalFields(applicant_name=Rows("people", "name")), "下级记录 people 不存在"),
    (ReconsiderationCase, PersonalFields(applicant_name=Rows("parties", "credit_code")), "credit_code 未在其 personal 中声明"),
    (ReconsiderationCase, PersonalFields(applicant_name=Rows("parties", "name", where={"side": "x"})), "Party.side 不存在"),
])
def test_the_check_names_a_declaration_that_does_not_match_the_model(monkeypatch, model, declaration, says):
    monkeypatch.setattr(model, "personal", declaration)
    problems = personal_data()
    assert problems and {p.id for p in problems} == {"fazhi.E008"} and any(says in p.msg for p in problems), problems


# ---- every registry: masked on every page for a role without the right ------------------------------------
def _declaring_models():
    for reg in registry.registrations():
        for model in reg.models:
            if personal.declaration(model):
                yield pytest.param(reg, model, id=model._meta.label)


def _build(reg, model):
    return subject_of(model).make_full(Org.objects.get(code="demo-sfj"))


def _drilldown_key(obj, user):
    """A count of the indicators whose records include ``obj``, or None."""
    from fazhi.indicators import definitions
    from fazhi.indicators.dashboard import preset_names
    from fazhi.indicators.engine import Engine, Scope

    root = Org.objects.get(code="demo")
    engine = Engine(Scope(root, True, user), date(2000, 1, 1), date.today(), preset_names(root)[0])
    for key, definition in definitions.REGISTRY.items():
        if definition.kind == "count" and definition.model is type(obj) and engine.records(key).filter(pk=obj.pk).exists():
            return key
    return None


def _cells(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    return {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c not in (None, "")}


@pytest.mark.django_db
@pytest.mark.parametrize(("reg", "model"), list(_declaring_models()))
def test_a_role_without_the_right_sees_every_personal_value_masked_on_every_page(cast, login, reg, model):
    obj = _build(reg, model)
    declared = personal.declaration(model)
    plain = {personal.shown(obj, name, unmasked=True) for name in declared} - {None, ""}
    masked = {personal.shown(obj, name) for name in declared} - {None, ""}
    assert plain and not plain & masked
    leader = cast["leader"]
    client = login(leader)
    views = views_for(model)
    pages = {
        "list": client.get(views.url("list")),
        "detail": client.get(views.url("detail", obj.pk)),
        "history": client.get(views.url("history", obj.pk)),
    }
    key = _drilldown_key(obj, leader)
    if key is not None:  # the factory's record is counted (a draft contract is in no count)
        params = {"key": key, "org": "demo", "start": "2000-01-01", "end": date.today().isoformat()}
        pages["drill-down"] = client.get("/indicators/records/", params)
    for route, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, route
        assert not [v for v in plain if v in html], route
        assert [v for v in masked if v in html] or route == "history", route
    assert personal.HIDDEN_CHANGE in pages["history"].content.decode()
    exports = {"export": client.get(views.url("export"), {"unmask": "1"})}
    if key is not None:
        exports["drill-down export"] = client.get("/indicators/records/export/", params)
    for route, response in exports.items():
        cells = _cells(response)
        assert not plain & cells and masked & cells, route


def _searched_personal_fields():
    for reg in registry.registrations():
        for model in reg.models:
            views = views_for(model)
            if views is None or views.filterset_class is None:
                continue
            for path in views.filterset_class.search_fields:
                *relations, name = path.split("__")
                target = model
                for relation in relations:
                    target = target._meta.get_field(relation).related_model
                if name in personal.declaration(target).own():
                    yield pytest.param(model, path, target, name, id=f"{model._meta.label}-{path}")


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "path", "target", "name"), list(_searched_personal_fields()))
def test_a_personal_value_finds_its_record_only_for_a_role_that_may_read_it(cast, login, model, path, target, name):
    """A search that finds a record by a value the user sees masked would tell them the value: for a role without
    the right the keyword does not search personal fields (an organisation's name still finds it)."""
    obj = subject_of(model).make_full(Org.objects.get(code="demo-sfj"))
    holder = obj if target is model else next(r for r in getattr(obj, path.split("__")[0]).all() if getattr(r, name))
    value = getattr(holder, name)
    url = views_for(model).url("list")

    def found(user, keyword):
        return obj.pk in {row["obj"].pk for row in login(cast[user]).get(url, {"q": keyword}).context["rows"]}

    assert found("bureau", value)
    assert not found("leader", value)
    declared = personal.declaration(target)
    if name in declared.natural_person_only:  # the same value as an organisation's is no personal information
        for field, person in declared.natural_person.items():
            other = next(v for v, _ in target._meta.get_field(field).choices if v != person)
            target.objects.filter(pk=holder.pk).update(**{field: other})
        assert found("leader", value)
