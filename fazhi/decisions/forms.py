"""Forms of the decisions app: the catalogue, the decision and contract forms, one form per workflow
transition, and the ledger forms for Excel import (a row of a bureau's 重大行政决策台账 / 合同台账)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import inlineformset_factory

from fazhi.core.forms import RegistryForm, RowForm, TransitionForm, style_fields
from fazhi.core.models import Org

from .choices import (
    DECIDED_STATES,
    ContractState,
    DisputeResolution,
    EvaluationReason,
    ExpertMethod,
    MeetingKind,
    ParticipationMethod,
    ProcedureKind,
    RiskLevel,
)
from .models import DECIDING_KINDS, AdministrativeContract, DecisionCatalogue, MajorDecision, Procedure


def _orgs(kinds):
    return Org.objects.filter(is_active=True, kind__in=kinds).order_by("path")


def government_above(org):
    """The nearest government at or above ``org`` (the usual 决策机关 of a department's decision item)."""
    if org is None:
        return None
    codes = [c for c in org.path.split("/") if c]
    return Org.objects.filter(code__in=codes, kind="government").order_by("-depth").first()


class ModelErrorsMixin:
    """Model ``clean()`` errors on fields the form does not show go to the form field that stands for them
    (``error_fields``), else to the whole form — never an exception for a field the form lacks."""

    error_fields: dict = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for name, messages in errors.error_dict.items():
                target = self.error_fields.get(name, name)
                if target != NON_FIELD_ERRORS and target not in self.fields:
                    target = NON_FIELD_ERRORS
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


# ==================================================================================================
# Catalogue and decision
# ==================================================================================================


class DecisionCatalogueForm(ModelErrorsMixin, RegistryForm):
    class Meta:
        model = DecisionCatalogue
        fields = ["org", "year", "title", "party_agreed_on", "published_on", "channel", "document_no", "note"]
        labels = {"org": "决策机关"}


class MajorDecisionForm(ModelErrorsMixin, RegistryForm):
    class Meta:
        model = MajorDecision
        fields = ["org", "title", "category", "catalogue", "deciding_body", "initiated_on", "technical", "stability_risk", "summary",
                  "executing_org", "note"]
        labels = {"org": "决策承办单位"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_body"].queryset = _orgs(DECIDING_KINDS)
        self.fields["executing_org"].queryset = _orgs(DECIDING_KINDS)
        # Catalogues are published documents (条例第三条第三款): every unit may file an item under one.
        self.fields["catalogue"].queryset = DecisionCatalogue.objects.select_related("org").order_by("-year", "org__path")
        if not self.instance.pk and not self.is_bound:
            from django.utils import timezone

            self.fields["initiated_on"].initial = timezone.localdate()
            government = government_above(getattr(self.user, "active_org", None))
            if government is not None:
                self.fields["deciding_body"].initial = government.pk

    def clean(self):
        data = super().clean()
        catalogue, body = data.get("catalogue"), data.get("deciding_body")
        if catalogue and body and catalogue.org_id != body.pk:
            self.add_error("catalogue", f"所选事项目录属于“{catalogue.org.name}”，与决策机关不一致。")
        return data


PROCEDURE_FIELDS = [
    "kind", "held_on", "ended_on", "participation_method", "channels", "shortened_reason", "materials_sent_on", "participants",
    "opinions_received", "opinions_adopted", "expert_method", "experts", "conducted_by", "risk_level", "risk_controllable",
    "meeting_kind", "meeting_name", "dissent", "head_differs", "head_reason", "description",
]
#: Correcting the procedure rows of a decision (the legality review link is set by its own step, where the
#: list of reviews is limited to the unit's).
ProcedureFormSet = inlineformset_factory(MajorDecision, Procedure, form=RowForm, fields=PROCEDURE_FIELDS, extra=0, can_delete=True)


# ---- one form per procedure ---------------------------------------------------------------------
class ProcedureForm(TransitionForm):
    """Base of the procedure steps: its own fields are model fields of :class:`Procedure`; ``clean`` runs the
    model's single-record rules (第十五条 30 days, 第十六条 7 days …) so the message appears on the field."""

    kind = None
    model_fields: list = []
    date_label = "日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.model_fields:
            self.fields[name] = Procedure._meta.get_field(name).formfield()
        # "note" (the log's remark) goes last; the date first.
        self.fields["on"].label = self.date_label
        self.order_fields(["on", *self.model_fields, "note"])
        style_fields(self.fields)

    def procedure(self):
        return self.build(self.cleaned_data)

    @classmethod
    def build(cls, data):
        """The (unsaved) procedure row described by the cleaned data of this form."""
        values = {name: data.get(name) for name in cls.model_fields}
        for name in ("participation_method", "expert_method", "risk_level", "meeting_kind", "channels", "shortened_reason",
                     "conducted_by", "meeting_name", "dissent", "head_reason"):
            if name in values and values[name] is None:
                values[name] = ""
        return Procedure(kind=cls.kind, held_on=data.get("on"), description=data.get("note", ""), **values)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.procedure().clean()
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                field = {"held_on": "on", "description": "note"}.get(field, field)
                for m in messages:
                    self.add_error(field if field in self.fields else None, m)
        return data


class ParticipationForm(ProcedureForm):
    kind = ProcedureKind.PUBLIC_PARTICIPATION
    model_fields = ["participation_method", "ended_on", "channels", "shortened_reason", "opinions_received", "opinions_adopted"]
    date_label = "征求意见开始日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation_method"].required = True
        self.fields["participation_method"].initial = ParticipationMethod.PUBLIC_CONSULTATION


class HearingForm(ProcedureForm):
    kind = ProcedureKind.HEARING
    model_fields = ["materials_sent_on", "participants", "opinions_received", "opinions_adopted"]
    date_label = "听证会日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].required = True
        self.fields["participants"].label = "听证参加人（人）"


class ExpertReviewForm(ProcedureForm):
    kind = ProcedureKind.EXPERT_REVIEW
    model_fields = ["expert_method", "experts", "conducted_by", "opinions_received", "opinions_adopted"]
    date_label = "论证日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert_method"].required = True
        self.fields["expert_method"].initial = ExpertMethod.MEETING
        self.fields["experts"].required = True
        self.fields["experts"].min_value = 1


class RiskAssessmentForm(ProcedureForm):
    kind = ProcedureKind.RISK_ASSESSMENT
    model_fields = ["risk_level", "risk_controllable", "conducted_by"]
    date_label = "评估报告日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_level"].required = True
        self.fields["risk_controllable"] = forms.TypedChoiceField(
            label="风险是否可控", choices=[("1", "可控"), ("0", "不可控")], coerce=lambda v: v == "1", initial="1",
            help_text="风险不可控的，须调整决策草案确保风险可控后才能作出决策（第二十四条）。")
        style_fields(self.fields)


class LegalityReviewForm(ProcedureForm):
    """A legality review: chosen from the reviews the handling unit (or the deciding body) sent in for this
    decision, whose opinion has been issued — its opinion date is the procedure's date — and which the user may
    see (a station handling an item of the county government does not see the government's other reviews). A
    review held before the platform was in use may be recorded by date alone."""

    kind = ProcedureKind.LEGALITY_REVIEW
    model_fields = []
    date_label = "审查意见日期"

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        from fazhi.legality.choices import ReviewKind
        from fazhi.legality.choices import State as ReviewState
        from fazhi.legality.models import ReviewRequest

        units = [record.org_id, record.deciding_body_id] if record is not None else []
        qs = ReviewRequest.objects.visible_to(self.user) if self.user is not None else ReviewRequest.objects.none()
        self.fields["review"] = forms.ModelChoiceField(
            label="合法性审查记录", required=False,
            queryset=qs.filter(kind=ReviewKind.MAJOR_DECISION, state=ReviewState.ISSUED, submitting_org__in=units).order_by("-opinion_on"),
            error_messages={"invalid_choice": "所选合法性审查记录不存在，或不在您可以查看的范围内。"},
            help_text="选择后以审查意见日期为准；平台启用前已审查的，可不选，只填日期。")
        self.fields["on"].required = False
        self.order_fields(["review", "on", "note"])
        style_fields(self.fields)

    def clean(self):
        data = forms.Form.clean(self)
        review = data.get("review")
        if review is not None:
            data["on"] = review.opinion_on
        elif not data.get("on"):
            self.add_error("on", "请选择合法性审查记录，或填写审查意见日期。")
        return data

    @classmethod
    def build(cls, data):
        return Procedure(kind=cls.kind, held_on=data.get("on"), review=data.get("review"), description=data.get("note", ""))


class CollectiveDecisionForm(ProcedureForm):
    kind = ProcedureKind.COLLECTIVE_DECISION
    model_fields = ["meeting_kind", "meeting_name", "participants", "dissent", "head_differs", "head_reason"]
    date_label = "会议日期"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_kind"].required = True
        self.fields["meeting_kind"].initial = MeetingKind.EXECUTIVE
        self.fields["meeting_name"].required = True
        self.fields["participants"].label = "出席会议人数"


class DecideForm(TransitionForm):
    decision_no = forms.CharField(label="决定文号", max_length=100, required=False)
    executing_org = forms.ModelChoiceField(label="决策执行单位", queryset=_orgs(DECIDING_KINDS), required=False, help_text="第三十四条。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "决定日期"
        self.fields["executing_org"].queryset = _orgs(DECIDING_KINDS)
        style_fields(self.fields)


class TerminateForm(TransitionForm):
    reason = forms.CharField(label="终止理由", widget=forms.Textarea)


class PublishForm(TransitionForm):
    party_reported_on = forms.DateField(label="向同级党委请示报告日期", help_text="重大行政决策出台前应当向同级党委请示报告（第三十一条）。")
    channel = forms.CharField(label="公布途径", max_length=100, initial="县政府门户网站", help_text="政府公报、政府网站、本地报纸等（第三十二条）。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "公布日期"
        style_fields(self.fields)


class EvaluateForm(TransitionForm):
    reason = forms.ChoiceField(label="评估事由", choices=EvaluationReason.choices)
    evaluator = forms.CharField(label="评估单位", max_length=100,
                                help_text="可委托第三方，但不得委托决策作出前承担主要论证评估工作的单位（第三十六条第二款）。")
    result = forms.CharField(label="评估结论", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "评估日期"
        style_fields(self.fields)


# ---- the decision ledger (Excel import) ---------------------------------------------------------
#: ledger column (form field) → (procedure kind, label). Each date given becomes one procedure row.
LEDGER_PROCEDURES = {
    "participation_on": (ProcedureKind.PUBLIC_PARTICIPATION, "公众参与日期"),
    "hearing_on": (ProcedureKind.HEARING, "听证会日期"),
    "expert_review_on": (ProcedureKind.EXPERT_REVIEW, "专家论证日期"),
    "risk_assessment_on": (ProcedureKind.RISK_ASSESSMENT, "风险评估日期"),
    "legality_review_on": (ProcedureKind.LEGALITY_REVIEW, "合法性审查日期"),
    "collective_decision_on": (ProcedureKind.COLLECTIVE_DECISION, "集体讨论决定日期"),
}


class MajorDecisionLedgerForm(MajorDecisionForm):
    """One row of a 重大行政决策台账: the item, the date of each procedure held (one row each), and how far it
    has got (决定、公布、归档: its state, ``services.derive_decision_state``). A decision imported as made without a required procedure is kept — it happened
    — with ``complete`` false, so that the completeness rate and the record check show it."""

    participation_on = forms.DateField(label="公众参与日期", required=False)
    consultation_end_on = forms.DateField(label="征求意见截止日期", required=False)
    opinions_received = forms.IntegerField(label="收到意见（条）", required=False, min_value=0)
    hearing_on = forms.DateField(label="听证会日期", required=False)
    expert_review_on = forms.DateField(label="专家论证日期", required=False)
    experts = forms.IntegerField(label="参与论证专家（人）", required=False, min_value=1)
    risk_assessment_on = forms.DateField(label="风险评估日期", required=False)
    legality_review_on = forms.DateField(label="合法性审查日期", required=False)
    collective_decision_on = forms.DateField(label="集体讨论决定日期", required=False)
    meeting_name = forms.CharField(label="会议名称", max_length=100, required=False)

    class Meta(MajorDecisionForm.Meta):
        fields = MajorDecisionForm.Meta.fields + ["decided_on", "decision_no", "party_reported_on", "published_on", "publication_channel", "archived_on"]

    def clean(self):
        data = super().clean()
        initiated, decided = data.get("initiated_on"), data.get("decided_on")
        for name, (_, label) in LEDGER_PROCEDURES.items():
            on = data.get(name)
            if on and initiated and on < initiated:
                self.add_error(name, f"{label}不能早于启动日期。")
            elif on and decided and on > decided:
                self.add_error(name, f"{label}晚于决定日期：决策程序须在作出决定前履行。")
        if data.get("collective_decision_on") and not data.get("meeting_name"):
            self.add_error("meeting_name", "填写了集体讨论决定日期的，须填写会议名称（如：县政府第12次常务会议）。")
        end, start = data.get("consultation_end_on"), data.get("participation_on")
        if end and not start:
            self.add_error("participation_on", "填写了征求意见截止日期的，须填写公众参与日期。")
        elif end and start and end < start:
            self.add_error("consultation_end_on", "征求意见截止日期不能早于公众参与日期。")
        if data.get("experts") and not data.get("expert_review_on"):
            self.add_error("expert_review_on", "填写了专家人数的，须填写专家论证日期。")
        if data.get("published_on") and data.get("party_reported_on") and data["party_reported_on"] > data["published_on"]:
            self.add_error("party_reported_on", "向同级党委请示报告应在决策出台（公布）前（第三十一条）。")
        return data

    def ledger_procedures(self):
        data = self.cleaned_data
        rows = []
        for name, (kind, _) in LEDGER_PROCEDURES.items():
            on = data.get(name)
            if not on:
                continue
            p = Procedure(kind=kind, held_on=on)
            if kind == ProcedureKind.PUBLIC_PARTICIPATION:
                p.ended_on = data.get("consultation_end_on")
                p.opinions_received = data.get("opinions_received")
            elif kind == ProcedureKind.EXPERT_REVIEW:
                p.experts = data.get("experts")
            elif kind == ProcedureKind.COLLECTIVE_DECISION:
                p.meeting_kind = MeetingKind.EXECUTIVE
                p.meeting_name = data.get("meeting_name", "")
            rows.append(p)
        return rows

    def _save_m2m(self):
        """After the decision is saved: its procedure rows, then the completeness stored as of the decision date."""
        super()._save_m2m()
        decision = self.instance
        for p in self.ledger_procedures():
            p.decision = decision
            p.save()
        if decision.state in DECIDED_STATES:
            decision.mark_decided(decision.decided_on)
            decision.save(update_fields=["complete", "missing", "publication_due"])


# ==================================================================================================
# Administrative contracts
# ==================================================================================================


def review_queryset(user):
    """Legality reviews of contracts the user may see (the office's and the submitting unit's side)."""
    from fazhi.legality.choices import ReviewKind
    from fazhi.legality.models import ReviewRequest

    qs = ReviewRequest.objects.filter(kind=ReviewKind.ADMINISTRATIVE_CONTRACT)
    if user is not None:
        qs = qs.visible_to(user)
    return qs.order_by("-submitted_on")


class AdministrativeContractForm(ModelErrorsMixin, RegistryForm):
    class Meta:
        model = AdministrativeContract
        fields = ["org", "contract_no", "title", "kind", "counterparty_kind", "counterparty_name", "amount", "legality_review",
                  "signed_on", "term_start", "term_end", "note"]
        labels = {"org": "签约机关"}
        help_texts = {"signed_on": "已签订的合同填写；拟签订的留空，签订后在详情页登记。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "legality_review" in self.fields:
            self.fields["legality_review"].queryset = review_queryset(self.user)
            self.fields["legality_review"].error_messages["invalid_choice"] = "所选合法性审查记录不存在，或不在您可以查看的范围内。"

    def save(self, commit=True):
        contract = self.instance
        if contract.signed_on and contract.state == ContractState.DRAFT:
            contract.state = ContractState.SIGNED
        return super().save(commit=commit)


class AdministrativeContractLedgerForm(AdministrativeContractForm):
    """One row of a bureau's contract ledger (合同台账): the contract, its legality review by number, and
    its filing, performance and dispute so far (its state, ``services.derive_contract_state``)."""

    review_no = forms.CharField(label="合法性审查编号", max_length=60, required=False)
    # The model's review rule speaks of the review link; in the sheet that is the review number's column.
    error_fields = {"legality_review": "review_no"}

    class Meta(AdministrativeContractForm.Meta):
        fields = [f for f in AdministrativeContractForm.Meta.fields if f != "legality_review"] + [
            "filed_on", "completed_on", "terminated_on", "disputed_on", "dispute_resolution", "dispute_note",
        ]

    def clean_review_no(self):
        value = (self.cleaned_data.get("review_no") or "").strip()
        if not value:
            self.instance.legality_review = None
            return value
        review = review_queryset(self.user).filter(review_no=value).first()
        if review is None:
            raise ValidationError(f"合法性审查“{value}”不存在，或不在您可以查看的范围内。")
        self.instance.legality_review = review
        return value


    def clean(self):
        data = super().clean()
        if data.get("completed_on") and data.get("terminated_on"):
            self.add_error("terminated_on", "同一合同不能既履行完毕又解除。")
        if data.get("dispute_resolution") and not data.get("disputed_on"):
            self.add_error("disputed_on", "填写了争议解决方式的，须填写发生争议日期。")
        return data



# ---- contract transitions -----------------------------------------------------------------------
class SignForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "签订日期"


class FileForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "备案日期"


class DisputeForm(TransitionForm):
    resolution = forms.ChoiceField(label="解决方式", choices=DisputeResolution.choices)
    content = forms.CharField(label="争议情况", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "发生争议日期"
        style_fields(self.fields)


class ContractTerminateForm(TransitionForm):
    reason = forms.CharField(label="解除理由", widget=forms.Textarea)


__all__ = [
    "AdministrativeContractForm", "AdministrativeContractLedgerForm", "DecisionCatalogueForm", "MajorDecisionForm",
    "MajorDecisionLedgerForm", "ProcedureFormSet", "RiskLevel",
]
