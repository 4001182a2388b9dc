"""Forms of the reconsideration registry: the intake form and one form per workflow transition."""

from django import forms
from django.forms import inlineformset_factory

from fazhi.core.forms import RegistryForm, RowForm, TransitionForm, style_fields
from fazhi.core.models import Org

from .choices import (
    DECISIONS,
    LetterKind,
    Outcome,
    Procedure,
    SimplifiedReason,
    State,
    TerminationReason,
)
from .models import Party, ReconsiderationCase


class ReconsiderationCaseForm(RegistryForm):
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=100, required=False, help_text="新增案件时填写第一申请人；更多当事人在详情页维护。")
    applicant_id_number = forms.CharField(label="申请人身份证号", max_length=18, required=False)
    applicant_phone = forms.CharField(label="申请人联系电话", max_length=20, required=False)

    class Meta:
        model = ReconsiderationCase
        fields = [
            "org", "channel", "received_on", "oral_record", "respondent_org", "respondent_name", "act", "act_no",
            "act_kind", "area", "amount", "requests", "incidental_review",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent_org"].queryset = Org.objects.filter(is_active=True, kind__in=["government", "department", "township", "bureau"]).order_by("path")
        if self.instance.pk:
            for name in ("applicant_name", "applicant_id_number", "applicant_phone"):
                del self.fields[name]
        elif not self.is_bound:
            from django.utils import timezone

            self.fields["received_on"].initial = timezone.localdate()

    def clean_applicant_id_number(self):
        from .models import validate_id_number

        value = self.cleaned_data.get("applicant_id_number", "").strip().upper()
        validate_id_number(value)
        return value

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("applicant_name"):
            self.add_error("applicant_name", "请填写申请人。")
        return data

    def _save_m2m(self):
        """Runs after the case is saved (both with commit=True and through save_m2m()): the first applicant."""
        super()._save_m2m()
        if self.cleaned_data.get("applicant_name"):
            Party.objects.get_or_create(
                case=self.instance,
                role="applicant",
                name=self.cleaned_data["applicant_name"],
                defaults={"id_number": self.cleaned_data.get("applicant_id_number", ""), "phone": self.cleaned_data.get("applicant_phone", "")},
            )


PartyFormSet = inlineformset_factory(ReconsiderationCase, Party, form=RowForm, fields=["role", "kind", "name", "id_number", "credit_code", "phone", "address"], extra=1)


class AmendmentForm(TransitionForm):
    items = forms.CharField(label="需补正的事项", widget=forms.Textarea, help_text="一次性列明全部需补正的材料（第三十一条）。")


class AcceptForm(TransitionForm):
    procedure = forms.ChoiceField(label="适用程序", choices=Procedure.choices)
    simplified_reason = forms.ChoiceField(label="适用简易程序理由", choices=[("", "—")] + SimplifiedReason.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)


class EndBeforeAcceptanceForm(TransitionForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea)


class RedirectForm(EndBeforeAcceptanceForm):
    redirected_to = forms.CharField(label="有权处理的机关", max_length=100)


class SwitchForm(TransitionForm):
    approved_by = forms.CharField(label="批准人（行政复议机构负责人）", max_length=50)


class HearingForm(TransitionForm):
    hearing_on = forms.DateField(label="听证日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "通知日期"
        style_fields(self.fields)


class CommitteeForm(TransitionForm):
    advice = forms.CharField(label="咨询意见", widget=forms.Textarea)


class SuspendForm(TransitionForm):
    reason = forms.CharField(label="中止事由", max_length=200)


class ExtendForm(TransitionForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=30, help_text="最多三十日（第六十二条）。")
    approved_by = forms.CharField(label="批准人（行政复议机构负责人）", max_length=50)


class DecideForm(TransitionForm):
    outcome = forms.ChoiceField(label="决定类型", choices=[(o.value, o.label) for o in DECISIONS])
    decision_no = forms.CharField(label="决定书文号", max_length=100)


class MediateForm(TransitionForm):
    decision_no = forms.CharField(label="调解书文号", max_length=100)


class TerminateForm(TransitionForm):
    reason = forms.ChoiceField(label="终止原因", choices=TerminationReason.choices)
    decision_no = forms.CharField(label="终止决定书文号", max_length=100, required=False)


class LetterForm(TransitionForm):
    kind = forms.ChoiceField(label="类型", choices=LetterKind.choices)
    to_org = forms.ModelChoiceField(label="送达单位", queryset=Org.objects.filter(is_active=True).order_by("path"))
    content = forms.CharField(label="主要内容", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)


class LetterReplyForm(TransitionForm):
    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        letters = record.letters.filter(replied_on__isnull=True) if record is not None else []
        self.fields["letter"] = forms.ChoiceField(label="意见书", choices=[(x.pk, str(x)) for x in letters])
        style_fields(self.fields)


__all__ = ["ReconsiderationCaseForm", "PartyFormSet", "Outcome"]


ENDINGS = {"不予受理": State.REFUSED, "告知（转送）": State.REDIRECTED, "受理前调撤": State.RESOLVED, "视为放弃": State.ABANDONED}


class ReconsiderationLedgerForm(ReconsiderationCaseForm):
    """One row of a bureau's case ledger (台账), for Excel import: the intake plus how far the case has got.
    Inconsistent dates are refused with a Chinese message (the date orders: ``ReconsiderationCase.date_order``); the state follows from the dates given
    (``services.derive_state``)."""

    ended_as = forms.ChoiceField(label="受理前办结方式", choices=[("", "—")] + [(k, k) for k in ENDINGS], required=False)

    class Meta(ReconsiderationCaseForm.Meta):
        fields = ReconsiderationCaseForm.Meta.fields + [
            "ended_before_acceptance_on", "accepted_on", "procedure", "simplified_reason", "outcome", "termination_reason",
            "decision_no", "closed_on", "served_on",
        ]

    def clean(self):
        data = super().clean()
        accepted, closed = data.get("accepted_on"), data.get("closed_on")
        ended_as, ended_on = data.get("ended_as"), data.get("ended_before_acceptance_on")
        outcome = data.get("outcome")
        if ended_as and not ended_on:
            self.add_error("ended_before_acceptance_on", "填写了受理前办结方式的，须填写办结日期。")
        if ended_on and not ended_as:
            self.add_error("ended_as", "填写了受理前办结日期的，须填写受理前办结方式。")
        if ended_as and accepted:
            self.add_error("accepted_on", "受理前已办结的案件不能有受理日期。")
        if accepted and not data.get("procedure"):
            self.add_error("procedure", "已受理的案件须填写适用程序。")
        if outcome and not closed:
            self.add_error("closed_on", "填写了结案方式的，须填写审结日期。")
        if closed and not outcome:
            self.add_error("outcome", "填写了审结日期的，须填写结案方式。")
        if closed and not accepted:
            self.add_error("accepted_on", "已审结的案件须有受理日期。")
        if data.get("served_on") and not closed:
            self.add_error("closed_on", "填写了送达日期的，须填写审结日期。")
        if outcome == Outcome.TERMINATED and not data.get("termination_reason"):
            self.add_error("termination_reason", "终止的案件须填写终止原因。")
        return data
