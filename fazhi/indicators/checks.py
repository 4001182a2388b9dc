"""Consistency checks: the part-sum identities over the engine's values (or over baselines, for years
before the records), and the record rules over the records themselves. Each finding names the rule and the
records (or values) behind it."""

from dataclasses import dataclass, field

from django.utils import timezone

from . import definitions
from .engine import Engine, Scope


@dataclass
class Finding:
    rule: str
    label: str
    message: str
    source: str = "records"  # records / baseline
    records: list = field(default_factory=list)  # [(pk, text)]
    model: type | None = None


def identity_keys():
    keys = set()
    for c in definitions.CHECKS.values():
        if c.kind == "identity":
            keys.update(c.left_keys)
            keys.update(c.right_keys)
    return keys


def check_values(values, source="records"):
    """Run every identity over ``values`` ({count key: int}); identities with a missing key are skipped."""
    findings = []
    for c in definitions.CHECKS.values():
        if c.kind != "identity":
            continue
        needed = set(c.left_keys) | set(c.right_keys)
        if not needed <= set(values):
            continue
        ok, a, b = c.holds(values)
        if not ok:
            left = " + ".join(f"{definitions.get(k).label}{values[k]}" for k in c.left_keys)
            right = " + ".join(f"{definitions.get(k).label}{values[k]}" for k in c.right_keys)
            rel = "应等于" if c.relation == "=" else "不应超过"
            findings.append(Finding(c.key, c.label, f"{left} = {a}，{rel} {right} = {b}", source))
    return findings


def run(org, start, end, user=None, today=None, baselines=None):
    """All findings for an org (and its subtree) and a period: identities over the engine's values, the
    same identities over the baseline values given (``{key: value}``), and the record rules."""
    today = today or timezone.localdate()
    scope = Scope(org, True, user)
    engine = Engine(scope, start, end, presets="default")
    keys = sorted(k for k in identity_keys() if k in definitions.REGISTRY)
    values = engine.counts(keys) if keys else {}
    findings = check_values(values)
    if baselines:
        findings += check_values({k: int(v) for k, v in baselines.items()}, source="baseline")
    for c in definitions.CHECKS.values():
        if c.kind != "record_check":
            continue
        # A record belongs to the period its year field places it in (e.g. the date an application was received).
        year_field = getattr(c.model, "year_field", None)
        in_period = {f"{year_field}__gte": start, f"{year_field}__lte": end} if year_field else {}
        qs = scope.filter(c.model.objects.all(), c.org_field).filter(c.bad(start, end, today), **in_period).order_by("pk")
        rows = list(qs[:200])
        if rows:
            total = qs.count() if len(rows) == 200 else len(rows)
            findings.append(Finding(c.key, c.label, c.description or c.label, "records", [(r.pk, str(r)) for r in rows], c.model))
            findings[-1].message = f"{c.description or c.label}：{total}条记录"
    return findings
