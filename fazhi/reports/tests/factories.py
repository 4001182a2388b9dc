"""Records for the report tests: ledger entries, reconsideration cases and lawsuits of the demo county's
units, written the way the registries hold them (through their own factories where they have them)."""

from datetime import date, timedelta

from fazhi.core.testing.helpers import org  # noqa: F401 — the registry's tests import them from here
from fazhi.litigation.choices import Result
from fazhi.litigation.tests.factories import LawsuitFactory
from fazhi.oversight.choices import EntryKind
from fazhi.oversight.models import LedgerEntry
from fazhi.reconsideration.choices import Outcome
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.tests.factories import bulk_cases


def entry(code, on, section, title, text="", *, highlight=False, kind=EntryKind.MEASURE, leader=""):
    return LedgerEntry.objects.create(org=org(code), happened_on=on, section=section, kind=kind, title=title,
                                      text=text or f"{title}，取得积极成效。", highlight=highlight, leader=leader)


def cases(year, n, *, respondent="demo-d01", outcome=Outcome.UPHELD, closed=True, office="demo-sfj", **extra):
    """``n`` reconsideration cases of the bureau against ``respondent``, received in ``year`` and (when ``closed``)
    decided with ``outcome`` the same year, within the 60-day limit (its stored due date set as the model would),
    each with its creation in the field history."""
    specs = []
    for i in range(n):
        received = date(year, 2, 1) + timedelta(days=7 * i)
        spec = dict(org=org(office), received_on=received, respondent_org=org(respondent), respondent_name=org(respondent).name,
                    accepted_on=received + timedelta(days=3), decision_due=received + timedelta(days=63))
        if closed:
            spec.update(closed_on=received + timedelta(days=40), outcome=outcome)
        spec.update(extra)
        specs.append(spec)
    before = set(ReconsiderationCase.objects.values_list("pk", flat=True))
    written = bulk_cases(specs)
    # A creation version in the field history, as saving through the registry would leave.
    ReconsiderationCase.history.bulk_history_create(list(ReconsiderationCase.objects.exclude(pk__in=before)))
    return written


def lawsuits(year, n, *, defendant="demo-d01", result=Result.REJECTED, heard=True, head_appeared=True):
    """``n`` first-instance lawsuits against ``defendant``, received and closed in ``year``."""
    unit = org(defendant)
    return [LawsuitFactory(org=unit, defendant_org=unit, complaint_received_on=date(year, 3, 1), result=result,
                           closed_on=date(year, 6, 1), heard=heard, head_appeared=head_appeared) for _ in range(n)]
