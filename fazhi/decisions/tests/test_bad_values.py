"""Bad values in the decisions app's sheets: two catalogue rows of one unit and year (a unique pair the database
holds) are a row error, not a 500, and a negative contract amount is refused on the form and in the import."""

from fazhi.decisions.models import AdministrativeContract, DecisionCatalogue
from fazhi.decisions.resources import AdministrativeContractResource, DecisionCatalogueResource
from fazhi.decisions.tests.factories import upload, workbook
from fazhi.decisions.tests.test_excel import contract_row


def catalogue_row(**overrides):
    return {"决策机关": "demo", "年度": 2024, "目录名称": "示范县人民政府2024年度重大行政决策事项目录", **overrides}


def test_two_catalogue_rows_of_the_same_unit_and_year_are_a_row_error_and_write_nothing(cast, login):
    client = login(cast["bureau"])
    rows = [catalogue_row(), catalogue_row(年度=2025), catalogue_row(目录名称="重复的一行")]
    r = client.post("/decisions/catalogues/import/", {"file": upload(workbook(DecisionCatalogueResource, rows))})
    assert r.status_code == 400
    assert r.context["result"].errors == [(4, "年度", "与本表第2行的决策机关、年度相同，不能重复导入")]
    assert DecisionCatalogue.objects.count() == 0
    r = client.post("/decisions/catalogues/import/", {"file": upload(workbook(DecisionCatalogueResource, rows[:2]))})
    assert r.status_code == 302
    assert DecisionCatalogue.objects.count() == 2


def test_a_negative_contract_amount_is_refused_on_the_form_and_in_the_import(cast, login):
    from fazhi.decisions.tests.factories import org

    client = login(cast["bureau"])
    r = client.post("/decisions/contracts/new/", {
        "org": org("demo-d01").pk, "title": "警用装备采购合同", "kind": "procurement", "counterparty_kind": "organisation",
        "counterparty_name": "浙江安泰保安服务有限公司", "amount": "-800000",
    })
    assert r.status_code == 400
    assert r.context["form"].errors["amount"] == ["合同金额不能为负数。"]
    r = client.post("/decisions/contracts/import/", {"file": upload(workbook(AdministrativeContractResource, [contract_row(**{"合同金额（元）": -1})]))})
    assert r.status_code == 400
    assert (2, "合同金额（元）", "合同金额不能为负数。") in r.context["result"].errors
    assert AdministrativeContract.objects.count() == 0
