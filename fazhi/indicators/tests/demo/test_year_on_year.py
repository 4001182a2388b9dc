"""Year-on-year (同比): from the records of the year before where the registry holds them, from baselines for a
whole year before the records began, and nothing where neither exists; the text says 增长/下降 N 件 and
上升/下降 N 个百分点, and the dashboard names a baseline's source."""

from datetime import date
from decimal import Decimal

from fazhi.core.models import Org
from fazhi.indicators.compare import year_on_year
from fazhi.indicators.engine import Engine, Scope
from fazhi.indicators.models import Baseline

R, L = "reconsideration.", "litigation."
KEYS = [R + "received", R + "closed", R + "correction_rate", L + "received", L + "loss_rate"]
SOURCE = "《示范县2022年法治政府建设年度报告》"


def county():
    return Org.objects.get(code="demo")


def values(year, keys=KEYS, org=None):
    return Engine(Scope(org or county()), date(year, 1, 1), date(year, 12, 31), "default").evaluate(keys)


def test_2025_is_compared_with_the_records_of_2024(demo):
    got = year_on_year(county(), date(2025, 1, 1), date(2025, 12, 31), KEYS, presets="default")
    now, before = values(2025), values(2024)
    for key in KEYS:
        c = got[key]
        assert (c.source, c.previous, c.current.value) == ("records", before[key].value, now[key].value)
    received = got[R + "received"]
    change = now[R + "received"].value - before[R + "received"].value
    pct = f"{abs(Decimal(change)) * 100 / before[R + 'received'].value:.1f}%"
    assert received.text() == f"{'增长' if change > 0 else '下降'}{abs(change)}件、{pct}"
    rate = got[R + "correction_rate"]
    points = now[R + "correction_rate"].value - before[R + "correction_rate"].value
    assert rate.text() == f"{'上升' if points > 0 else '下降'}{abs(points):.2f}个百分点"
    assert rate.direction == ("up" if points > 0 else "down")


def test_2023_is_compared_with_the_2022_baselines_and_says_so(demo):
    got = year_on_year(county(), date(2023, 1, 1), date(2023, 12, 31), KEYS, presets="default")
    received = got[R + "received"]
    assert (received.source, received.previous, received.baseline_source) == ("baseline", 104, SOURCE)
    now = values(2023)[R + "received"].value
    assert received.text() == f"增长{now - 104}件、{Decimal(now - 104) * 100 / 104:.1f}%"
    rate = got[R + "correction_rate"]
    assert (rate.source, rate.previous) == ("baseline", Decimal("8.33"))
    assert got[L + "loss_rate"].previous == Decimal("10.34")


def test_a_quarter_before_the_records_has_no_comparison(demo):
    got = year_on_year(county(), date(2023, 1, 1), date(2023, 3, 31), KEYS, presets="default")
    assert all(c.previous is None and c.text() == "" and c.source == "" for c in got.values())


def test_the_county_baselines_do_not_stand_in_for_one_unit_alone(demo):
    got = year_on_year(county(), date(2023, 1, 1), date(2023, 12, 31), KEYS, presets="default", subtree=False)
    assert all(c.previous is None for c in got.values())


def test_a_count_that_did_not_change_is_flat(demo):
    c = year_on_year(county(), date(2025, 1, 1), date(2025, 12, 31), [R + "received"], presets="default")[R + "received"]
    c.previous = c.current.value
    assert (c.text(), c.direction) == ("持平", "flat")


def test_the_dashboard_shows_the_change_and_names_the_baselines_source(demo, client):
    client.force_login(demo["leader"])
    html = client.get("/indicators/dashboard/", {"year": "2023"}).content.decode()
    now = values(2023)[R + "received"].value
    assert f"同比增长{now - 104}件" in html
    assert f'title="基期数据：{SOURCE}" data-testid="baseline-mark">基期数据</span>' in html
    assert f'data-testid="baseline-note">注：标“基期数据”的上年同期数值取自基期数据：{SOURCE}。</p>' in html
    html = client.get("/indicators/dashboard/", {"year": "2025"}).content.decode()
    assert 'data-testid="baseline-mark"' not in html and 'data-testid="baseline-note"' not in html  # 2024 has records
    assert "上年同期 " in html


def test_a_baseline_entered_for_the_bureau_gives_its_2023_comparison(demo, client):
    bureau = Org.objects.get(code="demo-sfj")
    Baseline.objects.create(org=bureau, year=2022, key=R + "received", value=100, source="《示范县司法局2022年工作总结》")
    got = year_on_year(bureau, date(2023, 1, 1), date(2023, 12, 31), [R + "received"], presets="default")[R + "received"]
    assert (got.source, got.previous, got.baseline_source) == ("baseline", 100, "《示范县司法局2022年工作总结》")
