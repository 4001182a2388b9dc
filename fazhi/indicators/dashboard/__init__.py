"""What the dashboard shows, computed through the engine for one scope and period.

``build(org, period, user=…)`` returns a :class:`Dashboard`: the key indicators as tiles with their
year-on-year change, and the charts (monthly intake, outcomes, rates over the years, shares, the ranking of
the county's departments and townships), each chart with the table of its numbers and, for every number,
the link to the records behind it. The page (``views.py``), the Excel workbook (``exports.py``) and the
printable page all render the same object. What each registry shows it declares in its own ``dashboard.py``
(:mod:`fazhi.indicators.panels`); this package names no registry.

By job:

* :mod:`.period` — the period (a year, a quarter, a month or a range) from the page's query parameters;
* :mod:`.orgs` — the orgs a user may choose, and a unit's short name on a chart;
* :mod:`.links` — the drill-down URL of every number;
* :mod:`.declarations` — the registries' declarations, collected in INSTALLED_APPS order;
* :mod:`.charts` — the chart and table builders;
* :mod:`.page` — the whole dashboard, in the order of the page.

The number of SQL queries is small and does not grow with the data: one aggregate per model for the
period's values, one GROUP BY per breakdown, two aggregates per model for the year-on-year change, one GROUP
BY by month per intake series, one aggregate per model for all the years of the trend, one GROUP BY per
registry for the ranking (see ``bench/dashboard.py`` and the pinned query count in the tests).
"""

from .charts import TABLE_ROWS_SHOWN, Chart
from .declarations import keys, tile_groups
from .links import NULL, Links
from .orgs import top_org, visible_orgs
from .page import Dashboard, build, preset_names
from .period import (
    FIRST_YEAR,
    PERIOD_KINDS,
    QUARTERS,
    Period,
    default_period,
    months,
    parse_date,
    parse_int,
    parse_period,
)

__all__ = [
    "FIRST_YEAR",
    "NULL",
    "PERIOD_KINDS",
    "QUARTERS",
    "TABLE_ROWS_SHOWN",
    "Chart",
    "Dashboard",
    "Links",
    "Period",
    "build",
    "default_period",
    "keys",
    "months",
    "parse_date",
    "parse_int",
    "parse_period",
    "preset_names",
    "tile_groups",
    "top_org",
    "visible_orgs",
]
