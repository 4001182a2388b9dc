"""The statutory periods of 行政应诉 (《行政诉讼法》（2017）), seeded into the period table, where staff may amend
them; the registry computes every deadline with ``core.periods.due_date(start, period="litigation.…")``."""

from fazhi.core.choices import PeriodUnit

_SUSONG = "《行政诉讼法》（2017）"
_CAL, _WORK, _MONTHS = PeriodUnit.CALENDAR_DAYS.value, PeriodUnit.WORKING_DAYS.value, PeriodUnit.MONTHS.value

PERIODS = [
    {
        "key": "litigation.filing",
        "label": "直接起诉期限",
        "length": 6,
        "unit": _MONTHS,
        "basis": f"{_SUSONG}第四十六条第一款",
        "note": "自知道或者应当知道作出行政行为之日起六个月内提出；法律另有规定的除外。",
    },
    {
        "key": "litigation.sue_after_reconsideration",
        "label": "不服复议决定的起诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第四十五条",
        "note": "自收到复议决定书之日起十五日内提起诉讼；复议机关逾期不作决定的，自复议期满之日起十五日内。",
    },
    {
        "key": "litigation.defence",
        "label": "行政应诉答辩期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第六十七条第一款",
        "note": "被告自收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状。",
    },
    {
        "key": "litigation.appeal",
        "label": "不服一审判决上诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_SUSONG}第八十五条",
        "note": "自判决书送达之日起十五日内向上一级人民法院提起上诉。",
    },
    {
        "key": "litigation.appeal_ruling",
        "label": "不服一审裁定上诉期限",
        "length": 10,
        "unit": _CAL,
        "basis": f"{_SUSONG}第八十五条",
        "note": "自裁定书送达之日起十日内向上一级人民法院提起上诉（行政诉讼期间为自然日，不适用行政复议法第八十八条的工作日规则）。",
    },
]
