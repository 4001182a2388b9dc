"""Indicators of the legal adviser registry (聘请法律顾问、公职律师): how many advisers a unit engaged in the period, how
many served in it, of each kind, and how many units had one.

Counts are by the engaging unit (``org``). *Engaged* (新聘) follows the contracts that start in the period
(``contract_start``, the registry's year field); *serving* (在聘) follows the contracts that run on at least one day
of it (started by its end, not ended before its start), whenever they were signed — an adviser under a two-year
contract serves in both years. A unit with an adviser is counted once however many it has: the count is of each
unit's first serving adviser (the lowest id), so that the records behind it are one adviser per unit.

No coverage rate: the units that ought to engage an adviser (every government, department and township) are org
records, not adviser records, and the engine counts a registry's own records only."""

from django.db.models import Exists, OuterRef, Q

from fazhi.indicators.definitions import Count, Identity, register, register_checks

from .choices import AdviserKind
from .models import LegalAdviser


def serving(start, end):
    """The advisers whose contract runs on at least one day of [start, end]."""
    return Q(contract_start__lte=end, contract_end__gte=start)


def first_serving_of_its_unit(start, end):
    """The serving adviser with the lowest id of each unit: one row per unit with an adviser in the period."""
    earlier = LegalAdviser.objects.filter(serving(start, end), org=OuterRef("org"), pk__lt=OuterRef("pk"))
    return serving(start, end) & ~Exists(earlier)


register(
    Count("advisers.engaged", "新聘法律顾问和公职律师", LegalAdviser, date_field="contract_start", unit="名",
          description="聘用起始日期在期内的法律顾问和公职律师人数"),
    *[Count(f"advisers.engaged.{kind.value}", f"新聘{kind.label}", LegalAdviser, date_field="contract_start", filter=Q(kind=kind.value), unit="名")
      for kind in AdviserKind],
    Count("advisers.serving", "在聘法律顾问和公职律师", LegalAdviser, period=serving, unit="名",
          description="聘期与统计期间有交集（起始日期不晚于期末、截止日期不早于期初）的法律顾问和公职律师人数"),
    *[Count(f"advisers.serving.{kind.value}", f"在聘{kind.label}", LegalAdviser, period=serving, filter=Q(kind=kind.value), unit="名")
      for kind in AdviserKind],
    Count("advisers.units_served", "聘请法律顾问或公职律师的单位", LegalAdviser, period=first_serving_of_its_unit, unit="个",
          description="期内有在聘法律顾问或公职律师的单位数（一个单位聘请多名的计一个）"),
)

register_checks(
    Identity("advisers.engaged_identity", "新聘人数 = 法律顾问 + 公职律师", "advisers.engaged",
             tuple(f"advisers.engaged.{kind.value}" for kind in AdviserKind)),
    Identity("advisers.serving_identity", "在聘人数 = 法律顾问 + 公职律师", "advisers.serving",
             tuple(f"advisers.serving.{kind.value}" for kind in AdviserKind)),
    Identity("advisers.engaged_subset", "新聘人数不超过在聘人数", "advisers.engaged", "advisers.serving", "<="),
    Identity("advisers.units_subset", "聘请单位数不超过在聘人数", "advisers.units_served", "advisers.serving", "<="),
)
