"""Forms of the indicator pages: baselines (基期数据) and the choice of presets (指标口径)."""

from django import forms

from fazhi.core.forms import style_fields

from . import definitions
from .models import Baseline
from .presets import PRESETS


def baseline_key_choices():
    """The registered counts and rates, grouped by business line, labelled in Chinese."""
    groups = {}
    for key, x in definitions.REGISTRY.items():
        if x.kind not in ("count", "rate"):
            continue
        line = definitions.line_of(key)
        groups.setdefault(line, []).append((key, f"{x.label}{'（%）' if x.kind == 'rate' else ''}  [{key}]"))
    return [("", "请选择指标")] + [(line, items) for line, items in groups.items()]


class BaselineForm(forms.ModelForm):
    """One baseline figure. The org is one the user can see; the key one of the registered counts and rates;
    ``Baseline.clean`` refuses a key that is not registered and a count that is not a whole number."""

    key = forms.ChoiceField(label="指标")

    class Meta:
        model = Baseline
        fields = ["org", "year", "key", "value", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = baseline_key_choices()
        self.fields["key"].error_messages["invalid_choice"] = "所选指标未定义，请从列表中选择。"
        self.fields["org"].queryset = self.fields["org"].queryset.filter(pk__in=[o.pk for o in orgs]).order_by("path")
        self.fields["org"].error_messages["invalid_choice"] = "所选单位不存在，或不在您可以查看的范围内。"
        self.fields["year"].help_text = "基期数据所属年度，如 2022。"
        self.fields["value"].help_text = "计数填整数；比率填百分数的数值，如 8.33 表示 8.33%。"
        self.fields["year"].error_messages.update(required="请填写年度。", invalid="年度须为整数。")
        self.fields["value"].error_messages.update(required="请填写数值。", invalid="数值须为数字。")
        self.fields["source"].error_messages["required"] = "请填写来源，如《2022年法治政府建设年度报告》。"
        style_fields(self.fields)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 1990 <= year <= 2100:
            raise forms.ValidationError("年度应在1990至2100之间。")
        return year

    def clean(self):
        data = super().clean()
        org, year, key = data.get("org"), data.get("year"), data.get("key")
        if org and year and key:
            same = Baseline.objects.filter(org=org, year=year, key=key).exclude(pk=self.instance.pk)
            if same.exists():
                label = definitions.get(key).label if key in definitions.REGISTRY else key
                raise forms.ValidationError(f"{org.name}{year}年的“{label}”已有基期数据，请修改原有记录。")
        return data

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise forms.ValidationError("数值不能为负数。")
        return value


def _parts(preset):
    """What a preset decides, as (rate key or "*", part) pairs, to find two presets that decide the same thing."""
    out = []  # in declaration order, so that the message names the first conflict
    if preset.rounding is not None:
        out.append(("*", "rounding"))
    if preset.decimals is not None:
        out.append(("*", "decimals"))
    for key, rule in preset.rates.items():
        for part in ("numerator", "denominator", "decimals", "rounding"):
            if getattr(rule, part) is not None:
                out.append((key, part))
    return out


PART_NAMES = {"rounding": "取舍方式", "decimals": "保留位数", "numerator": "分子", "denominator": "分母"}


class PresetForm(forms.Form):
    """The presets in force for an org, applied in the order they are declared over the default."""

    presets = forms.MultipleChoiceField(label="指标口径预设", required=False, widget=forms.CheckboxSelectMultiple)
    basis = forms.CharField(label="依据", required=False, max_length=200, help_text="本地文件名称及条款，如《××县法治政府建设考核办法》。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presets"].choices = [(name, p.label) for name, p in PRESETS.items() if name != "default"]
        self.fields["presets"].error_messages["invalid_choice"] = "预设“%(value)s”未定义。"
        self.fields["basis"].widget.attrs["class"] = "form-control"

    def clean_presets(self):
        chosen = [n for n in PRESETS if n in self.cleaned_data["presets"]]
        seen = {}
        for name in chosen:
            for key, part in _parts(PRESETS[name]):
                if (key, part) in seen:
                    other = PRESETS[seen[(key, part)]].label
                    what = "各比率" if key == "*" else f"“{definitions.get(key).label if key in definitions.REGISTRY else key}”"
                    raise forms.ValidationError(
                        f"“{other}”和“{PRESETS[name].label}”都规定了{what}的{PART_NAMES[part]}，只能选择其中一个。"
                    )
                seen[(key, part)] = name
        return chosen

    def value(self):
        """The local rule's value: the chosen presets, comma-separated, or ``default``."""
        return ",".join(self.cleaned_data["presets"]) or "default"

