"""What one report counts (:func:`report_scope`).

* The county government: its whole subtree — every record any of its units holds or is named on as a side;
* the justice bureau (``office``): its own records — those it holds and those naming it on a side;
* a department or a township (``unit``): its own records — those naming it on a side (a respondent, a
  defendant) and those it holds.

Which indicators each role writes about, each registry declares in its report.py (``KEYS``: :class:`Keys`).
Figures are computed for the reporting unit (``Scope(org, subtree)``), not through the viewing user's data
scope: a department's liaison cannot open the bureau's case files, yet the department's report states how
many of them were brought against it. Who may open a report is decided by the draft's own scope
(``ReportDraft.objects.visible_to``); the drill-down links behind each number go through the user's scope."""

from dataclasses import dataclass

from fazhi.core.choices import OrgKind
from fazhi.indicators import definitions
from fazhi.indicators.engine import Scope, year_period
from fazhi.indicators.presets import resolve

from .declarations import declared

#: The roles of a reporting unit: the county government, the justice bureau, a department or a township.
ROLES = ("government", "office", "unit")


@dataclass(frozen=True)
class Keys:
    """The indicators a report of the units in ``roles`` writes about (a registry's report.py ``KEYS``): they are
    evaluated with the draft, and the picker lists them first."""

    roles: tuple
    keys: list


@dataclass(frozen=True)
class ReportScope:
    """What one report counts: the org, with or without its subtree, the year, and the unit's role (one of
    :data:`ROLES`)."""

    org: object
    year: int
    subtree: bool
    role: str

    @property
    def start(self):
        return year_period(self.year)[0]

    @property
    def end(self):
        return year_period(self.year)[1]

    @property
    def engine_scope(self):
        return Scope(self.org, self.subtree)

    def keys(self):
        """The registered keys the registries declare for this role, in registry order (unregistered ones are
        skipped)."""
        keys = [key for group in declared("KEYS") if self.role in group.roles for key in group.keys]
        return [key for key in dict.fromkeys(keys) if key in definitions.REGISTRY]

    def presets(self):
        from fazhi.core.rules import get_rule

        return [p.name for p in resolve(get_rule(self.org, "indicator_preset"))]

    def as_dict(self):
        return {"org": self.org.code, "org_name": self.org.name, "year": self.year, "subtree": self.subtree, "role": self.role,
                "start": self.start.isoformat(), "end": self.end.isoformat(), "presets": self.presets()}


def report_scope(org, year):
    """The :class:`ReportScope` of ``org``'s report for ``year`` (see the module docstring)."""
    if org.kind == OrgKind.GOVERNMENT:
        return ReportScope(org, year, True, "government")
    if org.kind == OrgKind.BUREAU:
        return ReportScope(org, year, False, "office")
    return ReportScope(org, year, False, "unit")
