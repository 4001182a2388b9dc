"""Presets: named redefinitions of rates (numerator, denominator, rounding, decimals).

Bureaus compute the same rate over different bases and round differently (ORACLE.md §A, §C). A preset
names one such choice; an org's local rule ``indicator_preset`` lists the presets in force, comma-separated
and applied left to right over ``default`` (e.g. ``base_accepted,truncate``)."""

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
register_preset(
    Preset(
        "base_accepted",
        "以受理数为分母",
        "行政复议直接纠错率、调解和解率、综合化解率以当期受理数为分母。",
        rates={
            "reconsideration.correction_rate": RateRule(denominator="reconsideration.accepted"),
            "reconsideration.mediation_rate": RateRule(denominator="reconsideration.accepted"),
            "reconsideration.resolution_rate": RateRule(denominator="reconsideration.accepted"),
        },
    )
)
register_preset(
    Preset(
        "base_received",
        "以收到申请数为分母",
        "行政复议直接纠错率、调解和解率、综合化解率以当期收到的申请数为分母。",
        rates={
            "reconsideration.correction_rate": RateRule(denominator="reconsideration.received"),
            "reconsideration.mediation_rate": RateRule(denominator="reconsideration.received"),
            "reconsideration.resolution_rate": RateRule(denominator="reconsideration.received"),
        },
    )
)
register_preset(
    Preset(
        "coordination_rate",
        "协调调解率（含受理前调撤和终止）",
        "行政复议调解和解率改按“协调调解率”计算：（受理前调撤 + 终止）÷（审结 + 受理前调撤），浦江县等地使用。",
        rates={
            "reconsideration.mediation_rate": RateRule(
                numerator=("reconsideration.resolved_before_acceptance", "reconsideration.terminated"),
                denominator=("reconsideration.closed", "reconsideration.resolved_before_acceptance"),
                label="协调调解率",
            )
        },
    )
)
register_preset(
    Preset(
        "head_all_cases",
        "出庭率以全部应诉案件为分母",
        "负责人出庭应诉率以当期审结的全部应诉案件（各审级）为分母，而非开庭审理的案件。",
        rates={"litigation.head_appearance_rate": RateRule(denominator="litigation.closed")},
    )
)


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
