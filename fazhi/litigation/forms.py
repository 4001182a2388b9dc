"""Forms of the litigation registry: the intake form, one form per workflow transition, and the ledger
(台账) row form used by the Excel import."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from fazhi.core.forms import RegistryForm, TransitionForm, style_fields
from fazhi.core.models import Org
from fazhi.core.scope import orgs_for

from .choices import LOST, NOT_APPEALABLE, REVIEW_ONLY, Instance, Party, Result, State
from .models import (
    DEFENDANT_KINDS,
    Hearing,
    Lawsuit,
    hearing_problems,
    instance_from_case_no,
    normalize_case_no,
    validate_case_no,
)


def clean_case_number(value):
    """Normalise (spaces, half-width parentheses) and validate a case number typed by a user."""
    value = normalize_case_no(value)
    validate_case_no(value)
    return value


def defendant_choices(user, action="add"):
    """The units a user may name as defendant: the defendant kinds among the units they file under, and the
    townships served by a 司法所 they file under (a township's lawsuit is often handled by its station)."""
    qs = Org.objects.filter(kind__in=DEFENDANT_KINDS, is_active=True)
    if user is not None:
        allowed = orgs_for(user, Lawsuit, action)
        qs = qs.filter(Q(pk__in=allowed) | Q(stations__in=allowed)).distinct()
    return qs.order_by("path")


def linkable_reconsideration(user, action="add"):
    """The reconsideration cases a user may link a lawsuit to: those they can see, and those whose respondent
    is a unit they file lawsuits for (a department knows its own reconsideration cases by number)."""
    from fazhi.reconsideration.models import ReconsiderationCase

    qs = ReconsiderationCase.objects.all()
    if user is not None:
        allowed = orgs_for(user, Lawsuit, action)
        visible = ReconsiderationCase.objects.visible_to(user).values("pk")
        qs = qs.filter(Q(pk__in=visible) | Q(respondent_org__in=allowed) | Q(respondent_org__stations__in=allowed)).distinct()
    return qs


class CaseNumberField(forms.ModelChoiceField):
    """A foreign key entered as a case number (a text box, not a drop-down of thousands of cases)."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "form-control", "placeholder": "如：示司复〔2024〕3号"}))
        super().__init__(queryset, to_field_name="case_no", **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(case_no=value)
        except (self.queryset.model.DoesNotExist, self.queryset.model.MultipleObjectsReturned, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}) from None


class LawsuitForm(RegistryForm):
    class Meta:
        model = Lawsuit
        fields = [
            "org", "court", "case_no", "trial_level", "plaintiff", "defendant_org", "co_defendant_government", "reconsideration_case",
            "act", "act_kind", "complaint_received_on", "filed_on", "note",
        ]
        labels = {"org": "应诉承办单位"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["defendant_org"].queryset = defendant_choices(user, action)
        self.fields["defendant_org"].error_messages["invalid_choice"] = "被告单位不存在，或不是您可以录入的单位。"
        self.fields["reconsideration_case"] = CaseNumberField(
            linkable_reconsideration(user, action), required=False, label="关联复议案号",
            help_text="经行政复议后起诉的，填写复议案号；县政府作共同被告的必填。",
            error_messages={"invalid_choice": "复议案号“%(value)s”不存在，或不在您可以关联的范围内。"},
        )
        if self.instance.reconsideration_case_id and not self.is_bound:
            self.initial["reconsideration_case"] = self.instance.reconsideration_case.case_no
        self.fields["trial_level"].required = False

    def clean_case_no(self):
        return clean_case_number(self.cleaned_data.get("case_no", ""))

    def _update_errors(self, errors):
        """Model.clean() sees an unparsable case number as a missing one: a field that already failed keeps
        only its own (more precise) message."""
        if hasattr(errors, "error_dict"):
            for name in list(errors.error_dict):
                if name in self._errors:
                    del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def clean(self):
        data = super().clean()
        if not data.get("trial_level") and data.get("case_no"):
            data["trial_level"] = instance_from_case_no(data["case_no"]) or Instance.FIRST
        return data


# ---- transitions -----------------------------------------------------------------------------------
class DefenceForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "提交答辩状日期"


class HearingForm(TransitionForm):
    heard = forms.BooleanField(label="开庭审理", required=False, initial=True, help_text="不开庭的询问、调查、庭前会议不选。")
    head_appeared = forms.BooleanField(label="行政机关负责人出庭", required=False)
    head_name = forms.CharField(label="出庭负责人姓名", max_length=50, required=False)
    head_title = forms.CharField(label="出庭负责人职务", max_length=50, required=False)
    head_is_principal = forms.BooleanField(label="正职负责人", required=False)
    staff_sent = forms.BooleanField(label="委托相应工作人员出庭", required=False, help_text="相应工作人员出庭不计为负责人出庭（最高人民法院规定第十条）。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "庭审日期"
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        for name, message in hearing_problems(data.get("heard"), data.get("head_appeared"), data.get("head_name"),
                                              data.get("head_title"), data.get("head_is_principal")).items():
            self.add_error(name, message)
        return data


class CorrectHearingForm(HearingForm):
    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        hearings = record.hearings.all() if record is not None else Hearing.objects.none()
        self.fields = {"hearing": forms.ChoiceField(label="更正的庭审记录", choices=[(h.pk, str(h)) for h in hearings]), **self.fields}
        self.fields["note"].required = True
        self.fields["note"].label = "更正理由"
        style_fields(self.fields)


def result_choices(record):
    """Judgment results open to the record's instance (驳回上诉、发回重审 only for an appeal or a retrial);
    准予撤诉 has its own transition."""
    out = []
    for r in Result:
        if r == Result.WITHDRAWN:
            continue
        if r in REVIEW_ONLY and (record is None or record.trial_level == Instance.FIRST):
            continue
        out.append((r.value, r.label))
    return out


class JudgeForm(TransitionForm):
    result = forms.ChoiceField(label="裁判结果")
    served_on = forms.DateField(label="裁判文书送达日期", required=False, help_text="上诉期限自送达之日起计算。")
    loss_reason = forms.CharField(label="败诉原因", widget=forms.Textarea, required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["on"].label = "裁判日期（结案日期）"
        self.fields["result"].choices = result_choices(record)
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        if data.get("served_on") and data.get("on") and data["served_on"] < data["on"]:
            self.add_error("served_on", "送达日期不能早于裁判日期。")
        if data.get("loss_reason") and data.get("result") not in LOST:
            self.add_error("loss_reason", "只有败诉的案件填写败诉原因。")
        return data


class WithdrawForm(TransitionForm):
    withdrawal_after_change = forms.BooleanField(label="被告改变被诉行政行为后原告撤诉", required=False,
                                                 help_text="行政诉讼法第六十二条；单独统计，便于区分主动纠错后的撤诉。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "准予撤诉裁定日期"
        style_fields(self.fields)


class CloseForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "裁判生效日期"


class SecondInstanceFields(forms.Form):
    """The 二审 record: court, case number and the date the appeal brief was received."""

    court = forms.CharField(label="二审法院", max_length=100, required=False)
    case_no = forms.CharField(label="二审案号", max_length=60, required=False, help_text="如（2024）浙07行终35号。")
    complaint_received_on = forms.DateField(label="收到上诉状副本日期", required=False)

    def clean_case_no(self):
        value = self.cleaned_data.get("case_no", "")
        return clean_case_number(value) if value.strip() else ""

    def check_second_instance(self, data, required):
        given = any(data.get(k) for k in ("court", "case_no", "complaint_received_on"))
        if required or given:
            for name, label in (("court", "二审法院"), ("case_no", "二审案号"), ("complaint_received_on", "收到上诉状副本日期")):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"登记二审案件的，须填写{label}。")
        if data.get("case_no") and instance_from_case_no(data["case_no"]) not in (None, Instance.APPEAL):
            self.add_error("case_no", "二审案号的类型代字应为“行终”（或“行赔终”）。")


class AppealForm(TransitionForm, SecondInstanceFields):
    appellant = forms.ChoiceField(label="上诉人", choices=Party.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "上诉日期"
        self.fields["court"].help_text = "二审已立案的，一并登记二审案件；未立案的，以后用“登记二审案件”补登。"
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        self.check_second_instance(data, required=False)
        return data


class SecondInstanceForm(TransitionForm, SecondInstanceFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "登记日期"
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        self.check_second_instance(data, required=True)
        return data


def result_problem(record, value):
    """Why ``value`` cannot be the corrected result of ``record`` in its state, or None."""
    if record.state not in (State.JUDGED, State.CLOSED, State.WITHDRAWN):
        return "案件尚未裁判，请使用“作出裁判”或“准予撤诉”登记结果。"
    if record.state == State.WITHDRAWN and value != Result.WITHDRAWN:
        return "已撤诉的案件，裁判结果只能是“准予撤诉”。"
    if record.state != State.WITHDRAWN and value == Result.WITHDRAWN:
        return "撤诉须通过“准予撤诉”办理，不能更正为撤诉。"
    if value in REVIEW_ONLY and record.trial_level == Instance.FIRST:
        return f"“{Result(value).label}”只适用于二审或再审案件。"
    return None


# ---- the ledger row (Excel import) ---------------------------------------------------------------
class LawsuitLedgerForm(LawsuitForm):
    """One row of a bureau's 行政应诉台账: the case, its defence, one hearing line (开庭, 负责人出庭), the
    judgment and the appeal. Inconsistent entries are refused with a Chinese message; the state follows from
    what is filled in (``services.derive_state``). ``batch`` (shared by the rows of one file) catches a case number entered twice
    and lets a 二审 row name a 一审 row above it as 原审."""

    heard = forms.BooleanField(label="是否开庭", required=False)
    held_on = forms.DateField(label="开庭日期", required=False)
    head_appeared = forms.BooleanField(label="负责人是否出庭", required=False)
    head_name = forms.CharField(label="出庭负责人", max_length=50, required=False)
    head_title = forms.CharField(label="职务", max_length=50, required=False)
    head_is_principal = forms.BooleanField(label="是否正职", required=False)
    staff_sent = forms.BooleanField(label="是否委托工作人员出庭", required=False)
    previous_case_no = forms.CharField(label="原审案号", max_length=60, required=False)

    class Meta(LawsuitForm.Meta):
        fields = LawsuitForm.Meta.fields + [
            "defence_filed_on", "result", "closed_on", "served_on", "withdrawal_after_change", "loss_reason",
            "appealed", "appealed_on", "appellant", "effective_on",
        ]

    def __init__(self, *args, batch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch if batch is not None else {}

    def clean_previous_case_no(self):
        value = self.cleaned_data.get("previous_case_no", "")
        return clean_case_number(value) if value.strip() else ""

    def previous_lookup(self, case_no):
        qs = Lawsuit.objects.all() if self.user is None else Lawsuit.objects.visible_to(self.user)
        return qs.filter(case_no=case_no).order_by("pk").first()

    def clean(self):
        data = super().clean()
        closed, result = data.get("closed_on"), data.get("result")
        instance = data.get("trial_level")
        if result and not closed:
            self.add_error("closed_on", "填写了裁判结果的，须填写结案日期。")
        if closed and not result:
            self.add_error("result", "填写了结案日期的，须填写裁判结果。")
        if result in REVIEW_ONLY and instance == Instance.FIRST:
            self.add_error("result", f"“{Result(result).label}”只适用于二审或再审案件。")
        if data.get("withdrawal_after_change") and result != Result.WITHDRAWN:
            self.add_error("withdrawal_after_change", "只有裁判结果为“准予撤诉”的案件才能填“是”。")
        if data.get("loss_reason") and result not in LOST:
            self.add_error("loss_reason", "只有败诉的案件填写败诉原因。")
        if data.get("appealed_on"):
            data["appealed"] = True
        if data.get("appealed"):
            if not result:
                self.add_error("appealed", "尚未裁判的案件不能上诉。")
            elif result in NOT_APPEALABLE:
                self.add_error("appealed", f"“{Result(result).label}”的案件不能上诉。")
            if instance == Instance.APPEAL:
                self.add_error("appealed", "二审裁判为终审裁判，不能上诉。")
            if not data.get("appealed_on"):
                self.add_error("appealed_on", "已上诉的，须填写上诉日期。")
        for name, message in hearing_problems(data.get("heard"), data.get("head_appeared"), data.get("head_name"),
                                              data.get("head_title"), data.get("head_is_principal")).items():
            self.add_error(name, message)
        if data.get("held_on") and not data.get("heard"):
            self.add_error("heard", "填写了开庭日期的，“是否开庭”应为“是”。")
        previous = data.get("previous_case_no")
        if previous:
            if instance == Instance.FIRST:
                self.add_error("previous_case_no", "一审案件没有原审案号。")
            elif previous not in self.batch.get("case_nos", set()) and self.previous_lookup(previous) is None:
                self.add_error("previous_case_no", f"原审案号“{previous}”在系统中不存在（或不在您的数据范围内），也不在本表前面的行中。")
        key = (data.get("court"), data.get("case_no"))
        if all(key):
            if key in self.batch.setdefault("keys", set()):
                self.add_error("case_no", "本表中已有相同法院、相同案号的一行。")
            self.batch["keys"].add(key)
            self.batch.setdefault("case_nos", set()).add(key[1])
        return data

    def save(self, commit=True):
        case = self.instance
        data = self.cleaned_data
        case.heard = bool(data.get("heard"))
        case.head_appeared = bool(data.get("heard") and data.get("head_appeared"))
        case.principal_appeared = case.head_appeared and bool(data.get("head_is_principal"))
        if data.get("previous_case_no"):
            case.previous_instance = self.previous_lookup(data["previous_case_no"])
        return super().save(commit=commit)

    def _save_m2m(self):
        """Runs after the case is saved: its one hearing line."""
        super()._save_m2m()
        data = self.cleaned_data
        if data.get("heard") or data.get("staff_sent"):
            Hearing.objects.create(
                lawsuit=self.instance, held_on=data.get("held_on"), heard=bool(data.get("heard")),
                head_appeared=bool(data.get("head_appeared")), head_name=data.get("head_name", ""),
                head_title=data.get("head_title", ""), head_is_principal=bool(data.get("head_is_principal")),
                staff_sent=bool(data.get("staff_sent")), note="台账导入",
            )
