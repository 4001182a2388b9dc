"""Forms of the normative document registry: the document form, one form per workflow transition, the
ledger form for Excel import, the cleanup campaign form, its selection form and its disposition rows."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from fazhi.core.choices import OrgKind
from fazhi.core.forms import RegistryForm, RowForm, TransitionForm, style_fields
from fazhi.core.models import Org
from fazhi.core.scope import HIDDEN_DUPLICATE, duplicate_of

from .choices import IN_FORCE, CampaignState, FilingOutcome, SelectionRule, Status
from .models import NUMBER_RE, CleanupCampaign, CleanupItem, NormativeDocument

ISSUER_KINDS = [OrgKind.GOVERNMENT, OrgKind.DEPARTMENT, OrgKind.BUREAU, OrgKind.TOWNSHIP]


class NormativeDocumentForm(RegistryForm):
    class Meta:
        model = NormativeDocument
        fields = [
            "org", "title", "issuer", "interim", "issuing_no", "legal_basis", "summary", "consultation_start", "consultation_end",
            "consultation_note", "legality_review", "deliberation_meeting", "deliberated_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].label = "起草单位"
        self.fields["issuer"].queryset = Org.objects.filter(is_active=True, kind__in=ISSUER_KINDS).order_by("path")
        if self.user is not None and "legality_review" in self.fields:
            from fazhi.legality.models import ReviewRequest

            qs = ReviewRequest.objects.visible_to(self.user).filter(kind="normative_document")
            if self.instance.legality_review_id:
                qs = qs | ReviewRequest.objects.filter(pk=self.instance.legality_review_id)
            self.fields["legality_review"].queryset = qs.distinct().order_by("-submitted_on")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.document_no and data.get("issuer") and data["issuer"].pk != self.instance.issuer_id:
            self.add_error("issuer", "文件已统一编号，不能更改制定机关。")
        return data


# ---- workflow ----------------------------------------------------------------------------------------


class RegisterForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "登记日期"
        self.fields["on"].help_text = "系统按制定机关和登记年度自动分配统一编号，不能手工填写。"


class PublishForm(TransitionForm):
    effective_on = forms.DateField(label="施行日期", required=False, help_text="不填则自公布之日起施行。")
    validity_years = forms.IntegerField(label="有效期（年）", required=False, min_value=1, max_value=10,
                                        help_text="不填则按地方规则：一般5年，暂行、试行2年。")
    publication_medium = forms.CharField(label="公布载体", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "公布日期"
        self.order_fields(["on", "effective_on", "validity_years", "publication_medium", "note"])
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        if data.get("effective_on") and data.get("on") and data["effective_on"] < data["on"]:
            self.add_error("effective_on", "施行日期不能早于公布日期。")
        return data


class FileForm(TransitionForm):
    """报送备案: one of the document's filings not yet submitted."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        filings = record.filings.filter(submitted_on__isnull=True) if record is not None else []
        self.fields["filing"] = forms.ChoiceField(label="备案机关", choices=[(x.pk, f"{x.authority_name}（期限{x.due_on:%Y-%m-%d}）") for x in filings])
        self.fields["on"].label = "报送日期"
        self.order_fields(["filing", "on", "note"])
        style_fields(self.fields)


class FilingOutcomeForm(TransitionForm):
    outcome = forms.ChoiceField(label="备案审查结果", choices=FilingOutcome.choices)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        filings = record.filings.filter(submitted_on__isnull=False, outcome="") if record is not None else []
        self.fields["filing"] = forms.ChoiceField(label="备案机关", choices=[(x.pk, x.authority_name) for x in filings])
        self.fields["on"].label = "审查结果日期"
        self.order_fields(["filing", "outcome", "on", "note"])
        style_fields(self.fields)


class StatusChangeForm(TransitionForm):
    reason = forms.CharField(label="依据或理由", max_length=200)


# ---- Excel ledger --------------------------------------------------------------------------------------


class NormativeLedgerForm(NormativeDocumentForm):
    """One row of a bureau's ledger of normative documents (规范性文件台账), for documents made before the
    platform: a row with a 统一编号 keeps it (checked against the issuer and the year, and the issuer's
    sequence is moved past it so the system never gives it again); a published row without one gets the next
    number of its publication year. Filing dates make the filing records. The state, the number and the filings
    are the services' (``services.derive_state``, ``services.number_and_file``)."""

    review_no = forms.CharField(label="合法性审查编号", required=False, max_length=60)
    number = forms.CharField(label="统一编号", required=False, max_length=60)
    published_on = forms.DateField(label="公布日期", required=False)
    effective_on = forms.DateField(label="施行日期", required=False)
    validity_years = forms.IntegerField(label="有效期（年）", required=False, min_value=1, max_value=10)
    status = forms.ChoiceField(label="效力状态", choices=[("", "—")] + Status.choices, required=False)
    ended_on = forms.DateField(label="失效日期", required=False)
    government_filed_on = forms.DateField(label="报政府备案日期", required=False)
    congress_filed_on = forms.DateField(label="报人大常委会备案日期", required=False)

    class Meta(NormativeDocumentForm.Meta):
        fields = [f for f in NormativeDocumentForm.Meta.fields if f != "legality_review"]

    def clean(self):
        data = super().clean()
        issuer, published = data.get("issuer"), data.get("published_on")
        number, status = (data.get("number") or "").strip(), data.get("status")
        if data.get("review_no"):
            from fazhi.legality.models import ReviewRequest

            review = ReviewRequest.objects.visible_to(self.user).filter(review_no=data["review_no"].strip()).first() if self.user else None
            if review is None:
                self.add_error("review_no", f"合法性审查编号“{data['review_no']}”不存在，或不在您可以查看的范围内。")
            data["review"] = review
        if number:
            m = NUMBER_RE.match(number)
            if not m:
                self.add_error("number", "统一编号应为“简称规〔年度〕序号号”，如 示政规〔2021〕3号（序号不加前导零）。")
            elif issuer is not None and m["prefix"] != issuer.short_name:
                self.add_error("number", f"统一编号应以制定机关简称“{issuer.short_name}规”开头。")
            elif duplicate := duplicate_of(NormativeDocument, self.user, {"document_no": number}, exclude_pk=self.instance.pk):
                self.add_error("number", f"统一编号“{number}”已被使用。" if duplicate == "visible" else HIDDEN_DUPLICATE.format(what="统一编号"))
            elif not published:
                self.add_error("published_on", "已编号的文件须填写公布日期。")
            else:
                data["number_parts"] = (int(m["year"]), int(m["serial"]))
        if (status or data.get("government_filed_on") or data.get("congress_filed_on") or data.get("ended_on")) and not published:
            self.add_error("published_on", "填写了效力状态、备案或失效日期的，须填写公布日期。")
        if published and issuer is not None and not issuer.short_name:
            self.add_error("issuer", "制定机关未设置简称，无法统一编号。")
        if status in (Status.REPEALED, Status.DECLARED_INVALID, Status.EXPIRED) and not data.get("ended_on"):
            self.add_error("ended_on", "废止、宣布失效或失效的文件须填写失效日期。")
        if data.get("ended_on") and status in ("", *IN_FORCE):
            self.add_error("status", "填写了失效日期的，效力状态应为废止、宣布失效或失效。")
        for name in ("government_filed_on", "congress_filed_on"):
            if data.get(name) and published and data[name] < published:
                self.add_error(name, "报送备案日期不能早于公布日期。")
        if data.get("congress_filed_on") and issuer is not None and issuer.kind != OrgKind.GOVERNMENT:
            self.add_error("congress_filed_on", "只有县（区）人民政府制定的文件报人大常委会备案。")
        return data

    def save(self, commit=True):
        self.instance.legality_review = self.cleaned_data.get("review")
        return super().save(commit=commit)


# ---- cleanup -------------------------------------------------------------------------------------------


class CleanupCampaignForm(RegistryForm):
    class Meta:
        model = CleanupCampaign
        fields = ["org", "name", "scope_org", "started_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].label = "组织单位"
        self.fields["scope_org"].queryset = Org.objects.filter(is_active=True, kind__in=ISSUER_KINDS).order_by("path")


class SelectForm(TransitionForm):
    rule = forms.ChoiceField(label="选取规则", choices=SelectionRule.choices)
    months = forms.IntegerField(label="月数", required=False, min_value=1, max_value=120, help_text="“有效期将在N个月内届满”用。")
    years = forms.IntegerField(label="年数", required=False, min_value=1, max_value=50, help_text="“公布已满N年”用。")
    keyword = forms.CharField(label="关键词", required=False, max_length=50, help_text="法律名称或主题，如“行政处罚法”“营商环境”。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "选取基准日"
        self.order_fields(["rule", "months", "years", "keyword", "on", "note"])
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        need = {SelectionRule.EXPIRING: "months", SelectionRule.OLDER_THAN: "years", SelectionRule.KEYWORD: "keyword"}.get(data.get("rule"))
        if need and not data.get(need):
            self.add_error(need, "请填写此项。")
        return data


class ApplyForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "公布清理结果日期"
        self.fields["on"].help_text = "各文件的效力状态将一并更新：废止、宣布失效的自该日起失效。"


class CleanupItemBaseFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.state == CampaignState.APPLIED:
            raise forms.ValidationError("清理结果已公布，不能再修改。")


class CleanupItemForm(RowForm):
    """One document's disposition; the document and why it was selected are shown, not edited."""

    document_text = forms.CharField(label="文件", required=False, disabled=True)
    reason_text = forms.CharField(label="选取理由", required=False, disabled=True)

    class Meta:
        model = CleanupItem
        fields = ["disposition", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["document_text"] = str(self.instance.document)
            self.initial["reason_text"] = self.instance.reason
        self.order_fields(["document_text", "reason_text", "disposition", "note"])
        style_fields(self.fields)


CleanupItemFormSet = inlineformset_factory(
    CleanupCampaign, CleanupItem, form=CleanupItemForm, formset=CleanupItemBaseFormSet, extra=0, can_delete=True,
)
