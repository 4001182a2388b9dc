"""The dashboard in Chromium, on the demo county as ``fazhi demo`` builds it on 2026-11-22.

A county leader (``leader``, 副县长, read-only) opens 数据看板: 2025 (the last full year) by default, the tiles
with their year-on-year change, every chart drawn by ECharts from the page's own static files (no inline script,
no CSP violation, no request outside the server); switches to 2024 and to 2023 (compared with the 2022
baselines, whose source is named); shows a chart as a table; drills into a tile and a chart bar, exports the
records and the dashboard to Excel and opens both back; opens the printable page. A 司法所 user sees only its own
unit, and the county is a 404.

Screenshots: test-artifacts/screenshots/dash-*.png."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from .conftest import shot
from .pages import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_county(reference_data):
    """The demo county, built on 2026-11-22; the server's clock stays on that day (ticking)."""
    with time_machine.travel(datetime(2026, 11, 22, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
        yield


def tile_value(page, key):
    return page.locator(f'[data-testid="tile-{key}"] [data-testid="tile-value"]').inner_text()


def charts_drawn(page, at_least=9):
    """Every chart with something to draw has an SVG drawn by ECharts; the others say 本期无数据."""
    holders = page.locator(".fz-chart-card .fz-chart")
    n = holders.count()
    assert n >= at_least
    for i in range(n):
        assert holders.nth(i).locator("svg").count() == 1
    return n


def test_a_leader_reads_switches_year_drills_down_and_exports(page, demo_county, tmp_path):
    login(page, "leader")
    page.get_by_role("link", name="数据看板").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="dash-scope"]').inner_text() == "示范县人民政府（含下级） · 2025年"
    charts_drawn(page)
    received_2025 = tile_value(page, "reconsideration.received")
    assert int(received_2025) > 100
    assert "同比" in page.locator('[data-testid="tile-reconsideration.received"] [data-testid="yoy"]').inner_text()
    shot(page, "dash-01-leader-2025")

    # Another year: choosing it in the selector reloads the page.
    with page.expect_navigation():
        page.select_option("#fz-dash-year", "2024")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="dash-scope"]').inner_text().endswith("2024年")
    assert tile_value(page, "reconsideration.received") != received_2025
    charts_drawn(page)

    # 2023 is compared with the 2022 baselines, whose source is named on the tile.
    with page.expect_navigation():
        page.select_option("#fz-dash-year", "2023")
    mark = page.locator('[data-testid="tile-reconsideration.received"] [data-testid="baseline-mark"]')
    assert mark.inner_text() == "基期数据" and mark.get_attribute("title") == "基期数据：《示范县2022年法治政府建设年度报告》"
    assert page.locator('[data-testid="baseline-note"]').first.inner_text() == "注：标“基期数据”的上年同期数值取自基期数据：《示范县2022年法治政府建设年度报告》。"
    page.locator('[data-testid="tile-reconsideration.received"]').scroll_into_view_if_needed()
    shot(page, "dash-02-leader-2023-baselines")

    # A chart as a table, and back.
    with page.expect_navigation():
        page.select_option("#fz-dash-year", "2025")
    card = page.locator('[data-testid="chart-monthly"]')
    table, wrap = card.locator("table"), card.locator(".fz-chart-table")
    # Shown as a chart, the table is there for screen readers only (Bootstrap's visually-hidden: a 1px clip).
    assert card.locator(".fz-chart-table.visually-hidden").count() == 1 and wrap.bounding_box()["width"] <= 1
    card.get_by_role("button", name="表格").click()
    assert wrap.bounding_box()["width"] > 500 and not card.locator(".fz-chart").is_visible()
    assert table.locator("tbody tr").count() == 13  # twelve months and the total
    card.scroll_into_view_if_needed()
    shot(page, "dash-03-monthly-as-table")
    card.get_by_role("button", name="图表").click()
    assert card.locator(".fz-chart").is_visible() and wrap.bounding_box()["width"] <= 1

    # A bar of a chart opens that month's records.
    card.locator(".fz-chart").scroll_into_view_if_needed()
    box = card.locator(".fz-chart").bounding_box()
    march = table.locator("tbody tr").nth(2).locator("td").all_inner_texts()
    with page.expect_navigation():
        # A bar of March (the third of twelve bands), low down where both bars are.
        page.mouse.click(box["x"] + 50 + (box["width"] - 70) * (2.5 / 12) - 10, box["y"] + box["height"] - 60)
    assert "start=2025-03-01" in page.url and "end=2025-03-31" in page.url
    # Whichever of the two bars was hit, the list has as many records as the table says.
    column = 0 if "key=reconsideration.received" in page.url else 2
    assert page.locator('[data-testid="row-count"]').inner_text() == f"共 {march[column]} 条"
    page.go_back()

    # A tile opens exactly its records; they export to Excel.
    with page.expect_navigation():
        page.locator('[data-testid="tile-reconsideration.correction_rate"] [data-testid="tile-value"]').click()
    numerator = page.locator('[data-testid="records-value"]').inner_text()
    count = int(numerator.split("（")[1].split(" ÷")[0])
    assert page.locator('[data-testid="row-count"]').inner_text() == f"共 {count} 条"
    assert page.locator('[data-testid="records-table"] tbody tr').count() == count
    shot(page, "dash-04-records-of-correction-rate")
    with page.expect_download() as info:
        page.locator('[data-testid="export"]').click()
    path = tmp_path / "records.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path, read_only=True)["数据"].iter_rows(values_only=True))
    assert rows[0][0] == "案号" and len(rows) - 1 == count

    # The dashboard as a workbook.
    page.go_back()
    with page.expect_download() as info:
        page.locator('[data-testid="dashboard-export"]').click()
    path = tmp_path / "dashboard.xlsx"
    info.value.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "指标数据" and "行政行为类别分布" in wb.sheetnames
    values = {r[2]: r[4] for r in wb["指标数据"].iter_rows(min_row=5, values_only=True)}
    assert str(values["reconsideration.received"]) == received_2025

    # The printable page: no navigation, every chart drawn with its table; and the dashboard printed as is.
    with page.expect_navigation():
        page.locator('[data-testid="dashboard-print"]').click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".fz-sidebar").count() == 0
    assert page.locator(".fz-paper-chart svg").count() == page.locator(".fz-paper-chart").count() >= 9
    shot(page, "dash-05-print-page")
    page.go_back()
    page.emulate_media(media="print")
    assert not page.locator(".fz-sidebar").is_visible() and not page.locator(".fz-topbar").is_visible()
    shot(page, "dash-06-dashboard-print-media")
    page.emulate_media(media="screen")


def test_a_station_user_sees_only_its_own_units_numbers(page, demo_county):
    login(page, "station1")
    page.goto(page.base_url + "/indicators/dashboard/")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="dash-scope"]').inner_text() == "示范县司法局城关镇司法所（含下级） · 2025年"
    options = page.locator("#fz-dash-org option")
    assert options.count() == 1 and options.first.inner_text().strip() == "示范县司法局城关镇司法所"
    for key in ("reconsideration.received", "litigation.received"):
        assert tile_value(page, key) == "0"
    assert tile_value(page, "reconsideration.correction_rate") == "—"
    # Nothing to draw: every chart says so, and its table still lists the zeros.
    assert charts_drawn(page, at_least=0) == 0
    assert page.locator('[data-testid="chart-empty"]').count() == page.locator(".fz-chart-card").count() >= 9
    shot(page, "dash-07-station")
    response = page.goto(page.base_url + "/indicators/dashboard/?org=demo")
    assert response.status == 404
    response = page.goto(page.base_url + "/indicators/records/?key=reconsideration.received&org=demo&start=2025-01-01&end=2025-12-31")
    assert response.status == 404
