"""The query shapes that keep pages fast at province scale (docs/performance.md) change no result:
subtree scopes as ``org_id IN (subtree ids)``, list pages that page ids before fetching rows, and the unit
select written in Python."""

import re
from datetime import date, timedelta

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from fazhi.advisers.models import LegalAdviser
from fazhi.advisers.tests.factories import LegalAdviserFactory
from fazhi.core.forms import OrgSelect
from fazhi.core.models import Org, subtree_q


@pytest.mark.django_db
def test_a_subtree_scope_selects_the_subtree_by_id_without_joining_the_org_table(county):
    station_org = Org.objects.get(code="demo-s01")
    inside = [LegalAdviserFactory(org=county), LegalAdviserFactory(org=station_org), LegalAdviserFactory(org=Org.objects.get(code="demo-d03"))]
    LegalAdviserFactory(org=Org.objects.get(code="other"))
    qs = LegalAdviser.objects.filter(subtree_q("org", county))
    with CaptureQueriesContext(connection) as q:
        found = set(qs.values_list("pk", flat=True))
    assert found == {a.pk for a in inside}
    assert found == set(LegalAdviser.objects.filter(org__path__startswith=county.path).values_list("pk", flat=True))
    sql = q.captured_queries[0]["sql"]
    assert "JOIN" not in sql.upper() and re.search(r'"org_id" IN \(SELECT', sql)
    assert set(LegalAdviser.objects.filter(subtree_q("org", Org.objects.get(code="demo-sfj"))).values_list("pk", flat=True)) == {inside[1].pk}


@pytest.mark.django_db
def test_a_deep_list_page_shows_the_same_rows_in_the_same_order_as_slicing_the_sorted_list(county, cast, login):
    client = login(cast["bureau"])
    start = date(2025, 1, 1)
    for i in range(130):  # three pages of 50; equal dates so that the id decides the order within a day
        LegalAdviserFactory(org=county, name=f"顾问{i:03d}", contract_start=start + timedelta(days=i // 3))
    response = client.get("/advisers/?page=2")
    assert response.status_code == 200
    rows = response.context["rows"]
    page = response.context["page"]
    assert page.number == 2 and page.paginator.count == 130 and len(rows) == 50
    from fazhi.advisers.views import LegalAdviserViews

    table = LegalAdviserViews.table_class(response.wsgi_request, unmasked=False)
    expected = list(LegalAdviser.objects.order_by(*table.ordering()).values_list("pk", flat=True)[50:100])
    assert [o.pk for o in page.object_list] == expected
    last = client.get("/advisers/?page=3")
    assert [o.pk for o in last.context["page"].object_list] == list(LegalAdviser.objects.order_by(*table.ordering()).values_list("pk", flat=True)[100:])


@pytest.mark.django_db
def test_the_unit_select_renders_the_same_html_as_django_s_select(county):
    field = forms.ModelChoiceField(queryset=Org.objects.filter(path__startswith=county.path).order_by("path"), empty_label="全部单位")
    Org.objects.filter(code="demo-d01").update(name='公安局<"&>')
    field.queryset = Org.objects.filter(path__startswith=county.path).order_by("path")
    selected = Org.objects.get(code="demo-d01")
    attrs = {"class": "form-select", "id": "id_org"}
    plain = forms.Select(attrs=attrs)
    fast = OrgSelect(attrs=attrs)
    plain.choices = fast.choices = field.choices
    for value in (None, "", selected.pk, str(selected.pk)):
        assert parse_html(fast.render("org", value)) == parse_html(plain.render("org", value))
    html = fast.render("org", selected.pk)
    assert '公安局&lt;&quot;&amp;&gt;' in html and html.count(" selected") == 1


def test_the_unit_options_tag_escapes_and_selects_like_the_template_loop_it_replaced():
    from django.template import Context, Template

    orgs = [{"code": "demo", "label": "示范县"}, {"code": "d<1>", "label": '\u3000公安局"&'}]
    html = Template("{% load fazhi %}<select>{% org_options orgs sel %}</select>").render(Context({"orgs": orgs, "sel": "d<1>"}))
    loop = Template('<select>{% for o in orgs %}<option value="{{ o.code }}"{% if o.code == sel %} selected{% endif %}>{{ o.label }}</option>{% endfor %}</select>')
    assert parse_html(html) == parse_html(loop.render(Context({"orgs": orgs, "sel": "d<1>"})))
    assert html.count("selected") == 1


def test_a_chart_table_shows_its_first_rows_on_the_page_and_keeps_all_for_the_workbook():
    from django.template.loader import render_to_string

    from fazhi.indicators.dashboard import TABLE_ROWS_SHOWN, Chart

    rows = [[{"text": f"单位{i}", "url": ""}, {"text": str(i), "url": "", "num": True}] for i in range(TABLE_ROWS_SHOWN + 7)]
    chart = Chart("ranking", "各单位", "hbar", [], [], table={"head": ["单位", "件数"], "rows": rows})
    assert len(chart.shown_rows) == TABLE_ROWS_SHOWN and chart.hidden_rows == 7 and len(chart.table["rows"]) == TABLE_ROWS_SHOWN + 7
    html = render_to_string("indicators/_chart.html", {"chart": chart})
    assert f"单位{TABLE_ROWS_SHOWN - 1}<" in html and f"单位{TABLE_ROWS_SHOWN}<" not in html
    assert "另有7行未在此列出" in html
