"""What a registry shows on the 数据看板: its ``dashboard.py`` declares ``DASHBOARD = Panels(...)``.

Plain data, read by the centre (:mod:`fazhi.indicators.dashboard`), which collects the panels of every registry in
INSTALLED_APPS order and lays the page out by the kind of chart, each kind in registry order and, within a
registry, in the order declared here:

1. the tiles: one group per registry, titled with the registry's name (its ``verbose_name``);
2. the monthly intake: one chart, a pair of series (this period, the year before) per :class:`Intake`;
3. the outcome pies (:class:`OutcomeChart`);
4. the rates over the years: one chart, a line per :class:`TrendLine`;
5. the shares (:class:`ShareChart`);
6. the rate rankings (:class:`RateRanking`, a chart of the units with the highest rate of a :class:`Ranking`);
7. the ranking of the units cases are brought against: one chart and table, a column pair per :class:`Ranking`.

The monthly intake, the trend and the ranking span the page; the other charts pair up left and right. Every key
named here is an indicator the registry registers in its ``indicators.py``, of the kind its place needs (system
check fazhi.E006).
"""

from dataclasses import dataclass

COUNT, RATE, BREAKDOWN = ("count",), ("rate",), ("breakdown",)


@dataclass(frozen=True)
class Intake:
    """A count by month on the intake chart: bars for the period, a dashed line for the year before."""

    key: str
    name: str  # the series' name (as its indicator's label)
    color: str
    prior_color: str = ""  # the year before's line; default ``color``


@dataclass(frozen=True)
class Part:
    """One slice of an outcome pie: a count and its label."""

    key: str
    label: str
    color: str


@dataclass(frozen=True)
class OutcomeChart:
    """How the closed cases ended: a pie of ``parts``, which add up to ``total`` (the registry's closing identity).
    Red marks what a leader looks for (corrections, losses), the rest is in greys and ochre."""

    id: str
    title: str
    total: str
    parts: tuple
    height: int = 280


@dataclass(frozen=True)
class TrendLine:
    """A rate over the years (the same span in each year). The chart's title names the rates by their labels."""

    key: str
    color: str


@dataclass(frozen=True)
class ShareChart:
    """A breakdown as a horizontal bar chart (``hbar``, the first nine and 其他) or a pie (``pie``)."""

    key: str
    kind: str
    height: int | None = None  # default: from the number of bars


@dataclass(frozen=True)
class RateRanking:
    """A chart of the units with the highest rate of its :class:`Ranking`, and a table of every unit with one."""

    id: str
    ratio_column: str  # the table's column of numerator/denominator (败诉/审结)
    note: str
    color: str
    height: int | None = None  # default: from the number of bars


@dataclass(frozen=True)
class Ranking:
    """The units cases are brought against, as the registry counts them: the cases against each
    (``count_key``) and their rate (``rate_key``), grouped by the field naming the unit (``group_by``)."""

    count_key: str
    rate_key: str
    group_by: str
    name_field: str  # the unit's name through ``group_by`` (respondent_org__name)
    columns: tuple  # the table's (count, rate) column heads
    title: str  # what the count is, in the chart's title
    side: str  # who the unit is, in the chart's note (the side it is counted on)
    color: str
    rate_chart: RateRanking | None = None


@dataclass(frozen=True)
class Panels:
    """A registry's tiles and charts (see the module docstring for where each goes)."""

    tiles: tuple = ()  # keys of counts and rates
    intake: tuple = ()
    outcomes: tuple = ()
    trend: tuple = ()
    shares: tuple = ()
    rankings: tuple = ()

    def keys(self):
        """``(key, the kinds of indicator it may be)`` of every key declared, in declaration order."""
        out = [(k, COUNT + RATE) for k in self.tiles]
        out += [(i.key, COUNT) for i in self.intake]
        for chart in self.outcomes:
            out += [(chart.total, COUNT)] + [(p.key, COUNT) for p in chart.parts]
        out += [(t.key, RATE) for t in self.trend]
        out += [(s.key, BREAKDOWN) for s in self.shares]
        for r in self.rankings:
            out += [(r.count_key, COUNT), (r.rate_key, RATE)]
        return out
