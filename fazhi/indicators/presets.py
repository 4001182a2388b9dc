"""Presets: named redefinitions of rates (numerator, denominator, rounding, decimals).

Bureaus compute the same rate over different bases and round differently (ORACLE.md §A, §C). A preset
names one such choice; an org's local rule ``indicator_preset`` lists the presets in force, comma-separated
and applied left to right over ``default`` (e.g. ``base_accepted,truncate``).

The presets here act on every rate (rounding, decimals); a registry registers the presets that redefine its own
rates in its ``indicators.py`` (``register_preset``)."""

from dataclasses import dataclass, field

HALF_UP = "half_up"
TRUNCATE = "truncate"


@dataclass(frozen=True)
class RateRule:
    numerator: str | tuple | None = None
    denominator: str | tuple | None = None
    decimals: int | None = None
    rounding: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    description: str
    rounding: str | None = None
    decimals: int | None = None
    rates: dict = field(default_factory=dict)  # rate key -> RateRule


PRESETS: dict = {}


def register_preset(preset):
    PRESETS[preset.name] = preset
    return preset


register_preset(Preset("default", "默认口径", "各比率以审结（结案）数为分母，四舍五入保留两位小数。", rounding=HALF_UP, decimals=2))
register_preset(Preset("truncate", "截断取值", "比率按保留位数截断，不四舍五入（如 128.7879% 记为 128.78%）。", rounding=TRUNCATE))
register_preset(Preset("integer_percent", "整数百分比", "比率保留到整数百分比（如 3%、41%）。", decimals=0))
register_preset(Preset("one_decimal", "一位小数", "比率保留一位小数（如 37.3%）。", decimals=1))
def resolve(names):
    """The presets in force, ``default`` first, from a comma-separated list or a sequence of names."""
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    out = [PRESETS["default"]]
    for n in names or []:
        if n not in PRESETS:
            raise KeyError(f"未定义的指标口径预设：{n}（可选：{'、'.join(PRESETS)}）")
        if n != "default":
            out.append(PRESETS[n])
    return out
