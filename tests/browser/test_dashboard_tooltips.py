"""The dashboard's chart tooltips in Chromium: a category's name is free text (a respondent's name is typed by
whoever files the case), and a tooltip shows it as text — HTML in a name is never parsed, no element of it is
created and no handler of it runs.

A case against a respondent named ``<img src=x onerror=window.__xss=1>``; the leader opens 数据看板 and the
被申请人分布 chart's tooltip is shown through ECharts' own ``showTip`` action (as hovering the bar does)."""

from datetime import date

import pytest

from fazhi.reconsideration.tests.factories import CaseFactory, org

from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)

XSS = "<img src=x onerror=window.__xss=1>"
CHART = '[data-testid="chart-reconsideration-by_respondent"] .fz-chart'


def tooltip(page, selector, **target):
    """Show the tooltip of the chart in ``selector`` at ``target`` (seriesIndex, dataIndex …); returns the
    tooltip element's text and how many elements were created inside it."""
    page.locator(selector).scroll_into_view_if_needed()
    page.evaluate(
        "([selector, target]) => echarts.getInstanceByDom(document.querySelector(selector))"
        ".dispatchAction(Object.assign({type: 'showTip'}, target))",
        [selector, target],
    )
    tip = page.locator(f"{selector} div").filter(has_text="：").last
    tip.wait_for(state="visible")
    return tip.inner_text(), tip.evaluate("el => el.querySelectorAll('img').length")


def test_a_respondents_name_with_html_shows_as_text_in_the_chart_tooltip(page, county):
    CaseFactory(org=org("demo-sfj"), respondent_name=XSS, received_on=date(2025, 5, 12))
    CaseFactory(org=org("demo-sfj"), respondent_name="示范县公安局", received_on=date(2025, 6, 3))
    login(page, "leader")
    page.goto(page.base_url + "/indicators/dashboard/?org=demo&period=year&year=2025")
    page.wait_for_load_state("networkidle")
    categories = page.evaluate(f"echarts.getInstanceByDom(document.querySelector({CHART!r})).getOption().yAxis[0].data")
    text, images = tooltip(page, CHART, seriesIndex=0, dataIndex=categories.index(XSS))
    assert XSS in text
    assert "：1" in text
    assert images == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator(f"{CHART} img").count() == 0  # the axis label beside the bar is SVG text


def test_a_pie_charts_tooltip_escapes_the_name_it_is_given(page, county):
    """A pie's categories are the system's own labels today; its tooltip formatter (the page's own function,
    taken from the drawn chart) still escapes a name, so that a pie of free-text categories stays safe."""
    CaseFactory(org=org("demo-sfj"), received_on=date(2025, 5, 12))
    login(page, "leader")
    page.goto(page.base_url + "/indicators/dashboard/?org=demo&period=year&year=2025")
    page.wait_for_load_state("networkidle")
    html = page.evaluate(
        "name => echarts.getInstanceByDom(document.querySelector('[data-testid=\"chart-reconsideration-by_respondent_level\"] .fz-chart'))"
        ".getOption().tooltip[0].formatter({marker: '', name: name, value: 3, percent: 50})",
        XSS,
    )
    assert html == "&lt;img src=x onerror=window.__xss=1&gt;：3件（50%）"
