"""The drill-down links of a dashboard: every number links to the records behind it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .period import Period

NULL = "__null__"  # the category of records whose group field is empty (a URL cannot carry None)


@dataclass
class Links:
    """Builds the drill-down URLs of one dashboard (org, scope, period)."""

    org: object
    subtree: bool
    period: Period

    def base(self):
        p = {"org": self.org.code}
        if not self.subtree:
            p["unit_only"] = "1"
        return p

    def records(self, key, start=None, end=None, category=None, by=None):
        # A dashboard builds a few hundred of these: the path and the org's part are worked out once.
        prefix = self.__dict__.get("_prefix")
        if prefix is None:
            prefix = self.__dict__["_prefix"] = reverse("indicators:records") + "?" + urlencode(self.base())
        p = {"key": key, "start": (start or self.period.start).isoformat(), "end": (end or self.period.end).isoformat()}
        if by:
            p["by"] = by
        if category is not None or by:
            p["category"] = NULL if category is None else category
        return prefix + "&" + urlencode(p)

    def dashboard_query(self):
        p = self.base()
        p.update(self.period.params())
        return urlencode(p)
