"""The period of 普法活动, seeded into the period table after ``migrate`` (where staff may amend it)."""

from fazhi.core.choices import PeriodUnit

PERIODS = [
    {
        "key": "publicity_events.report",
        "label": "普法活动情况报送期限",
        "length": 5,
        "unit": PeriodUnit.WORKING_DAYS.value,
        "basis": "《关于实行国家机关“谁执法谁普法”普法责任制的意见》",
        "note": "活动结束后五个工作日内报送活动情况（示例期限）。",
    },
]
