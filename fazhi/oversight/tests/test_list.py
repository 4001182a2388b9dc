"""The ledger list: newest first, the figures in one line, highlights marked, and a query count that does not
grow with the rows (figures are prefetched in one query)."""

from datetime import date

from .factories import LedgerEntryFactory, LedgerFigureFactory, org

BASE = "/oversight/ledger/"
LIST_QUERIES = 18  # session, user, roles, local rule, count, page, figures, nav — not per row


def entries(n, code="demo-sfj"):
    for i in range(n):
        e = LedgerEntryFactory(org=org(code), happened_on=date(2024, 1, 1 + i % 28), created_by=None)
        LedgerFigureFactory(entry=e)
        LedgerFigureFactory(entry=e, unit="万份", approximate=True, value=35)


def test_the_list_shows_date_title_unit_section_kind_figures_and_highlight(cast, login):
    e = LedgerEntryFactory(org=org("demo-sfj"), title="普法宣传总体情况", highlight=True, happened_on=date(2024, 12, 26))
    LedgerFigureFactory(entry=e, label="举办法治讲座", value=129, unit="场")
    LedgerFigureFactory(entry=e, label="发放普法宣传资料", value=35, unit="万份", approximate=True)
    LedgerEntryFactory(org=org("demo-sfj"), title="较早一条", happened_on=date(2024, 5, 30))
    r = login(cast["bureau"]).get(BASE)
    assert [h["label"] for h in r.context["headers"]] == ["日期", "标题", "单位", "报告部分", "类型", "数据", "亮点"]
    first, second = r.context["rows"]
    assert [c["text"] for c in first["cells"]] == [
        "2024-12-26", "普法宣传总体情况", "示范县司法局", "法治宣传教育", "专项行动", "举办法治讲座129场；发放普法宣传资料35万余份", "★"]
    assert first["cells"][1]["url"] == f"{BASE}{e.pk}/"
    assert second["obj"].title == "较早一条"


def test_highlights_sort_first_when_asked(cast, login):
    LedgerEntryFactory(org=org("demo-sfj"), title="普通", happened_on=date(2024, 6, 1))
    LedgerEntryFactory(org=org("demo-sfj"), title="亮点", happened_on=date(2024, 1, 1), highlight=True)
    r = login(cast["bureau"]).get(BASE, {"sort": "-highlight"})
    assert [row["obj"].title for row in r.context["rows"]] == ["亮点", "普通"]


def test_the_list_query_count_does_not_grow_with_the_rows(cast, login, django_assert_num_queries, django_assert_max_num_queries):
    client = login(cast["bureau"])
    entries(5)
    client.get(BASE)
    with django_assert_max_num_queries(LIST_QUERIES) as few:
        assert len(client.get(BASE).context["rows"]) == 5
    for code in ("demo", "demo-d01", "demo-t01"):
        entries(10, code)
    entries(15)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(BASE).context["rows"]) == 50
