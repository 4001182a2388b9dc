"""Forms of the legality review registry: the submission form (送审), one form per workflow transition,
the ledger form for Excel import, and the meeting-topic form."""

from django import forms

from fazhi.core.choices import OrgKind
from fazhi.core.forms import RegistryForm, TransitionForm, style_fields
from fazhi.core.models import Org, User, subtree_q
from fazhi.core.scope import orgs_for

from .choices import Conclusion, ReviewKind, State
from .models import MeetingTopic, OpinionItem, ReviewRequest


def reviewing_office(org):
    """The legality review office for drafts sent by ``org``: the justice bureau (司法局) of the county
    government above ``org`` (or ``org`` itself when it is the bureau). None when the county has none."""
    if org is None:
        return None
    if org.kind == OrgKind.BUREAU:
        return org
    node = org
    while node is not None and node.kind != OrgKind.GOVERNMENT:
        node = node.parent
    if node is None:
        return None
    return Org.objects.filter(parent=node, kind=OrgKind.BUREAU, is_active=True).order_by("sort_order", "code").first()


def is_office_side(user, review):
    """Whether ``user`` acts for the reviewing office on ``review`` (its data scope covers ``review.org``),
    as opposed to the submitting unit, which may only submit, correct its submission and withdraw it."""
    return ReviewRequest.objects.owned_by(user, "change").filter(pk=review.pk).exists()


def split_items(text):
    """Opinion items typed one per line (a leading "1." "（一）" "一、" is dropped)."""
    import re

    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(\d+[\.、．)）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)\s*", "", line).strip()
        if line:
            out.append(line)
    return out


class ReviewRequestForm(RegistryForm):
    """送审: the submitting unit is one the user may file under; the reviewing office follows from it."""

    class Meta:
        model = ReviewRequest
        fields = ["submitting_org", "kind", "title", "submitted_on", "contact", "legal_basis", "procedure_note", "exploratory"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            allowed = orgs_for(self.user, ReviewRequest, "change" if self.instance.pk else "add")
            if self.instance.pk and self.instance.submitting_org_id:
                allowed = allowed | Org.objects.filter(pk=self.instance.submitting_org_id)
            self.fields["submitting_org"].queryset = allowed.exclude(kind=OrgKind.STATION).distinct().order_by("path")
            self.fields["submitting_org"].error_messages["invalid_choice"] = "所选单位不存在，或不在您可以录入的范围内。"
            if not self.instance.pk and not self.is_bound and self.user.active_org:
                self.fields["submitting_org"].initial = self.user.active_org.pk
        if not self.instance.pk and not self.is_bound:
            from django.utils import timezone

            self.fields["submitted_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        sub = data.get("submitting_org")
        if sub is not None:
            office = reviewing_office(sub)
            if office is None:
                self.add_error("submitting_org", "未找到该单位所属县（区）的司法局，无法确定审查机构。")
            else:
                self.instance.org = office
        if self.instance.pk and self.user is not None and self.instance.state != State.SUBMITTED and not is_office_side(self.user, self.instance):
            raise forms.ValidationError("审查机构已接收送审材料，送审单位不能再修改；如需补充材料，请按审查机构的通知提交。")
        return data


class ReceiveForm(TransitionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "接收日期"


class AssignForm(TransitionForm):
    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        qs = User.objects.filter(is_active=True)
        if record is not None:
            qs = qs.filter(memberships__org=record.org)
        self.fields["reviewer"] = forms.ModelChoiceField(label="承办人", queryset=qs.distinct().order_by("username"))
        self.fields["on"].label = "分办日期"
        style_fields(self.fields)


class SupplementForm(TransitionForm):
    items = forms.CharField(label="需补充的材料", widget=forms.Textarea, help_text="补充材料期间不计入审查时间。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self.fields)


class ConsultForm(TransitionForm):
    """条例第二十八条: the office hears legal advisers' and government lawyers' opinions."""

    opinion = forms.CharField(label="顾问意见", widget=forms.Textarea)
    replied_on = forms.DateField(label="回复日期", required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        from fazhi.advisers.models import LegalAdviser

        qs = LegalAdviser.objects.all()
        if record is not None:
            qs = qs.filter(subtree_q("org", record.org.parent if record.org.parent_id else record.org))
        self.fields["adviser"] = forms.ModelChoiceField(label="法律顾问或公职律师", queryset=qs.order_by("name"))
        self.fields["on"].label = "征询日期"
        self.order_fields(["on", "adviser", "opinion", "replied_on", "note"])
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        adviser, on = data.get("adviser"), data.get("on")
        if adviser and on and not (adviser.contract_start <= on <= adviser.contract_end):
            self.add_error("adviser", f"{adviser.name}在{on:%Y-%m-%d}不在聘期内（{adviser.contract_start:%Y-%m-%d}至{adviser.contract_end:%Y-%m-%d}）。")
        if data.get("replied_on") and on and data["replied_on"] < on:
            self.add_error("replied_on", "回复日期不能早于征询日期。")
        return data


class IssueForm(TransitionForm):
    conclusion = forms.ChoiceField(label="审查结论", choices=Conclusion.choices)
    summary = forms.CharField(label="审查意见（概述）", widget=forms.Textarea, required=False)
    items = forms.CharField(label="审查意见条目", widget=forms.Textarea, required=False,
                            help_text="每行一条，系统自动编号。结论为“修改后合法”或“不合法”的，须逐条列明。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "出具意见日期"
        self.order_fields(["on", "conclusion", "summary", "items", "note"])
        style_fields(self.fields)

    def clean(self):
        data = super().clean()
        data["item_list"] = split_items(data.get("items"))
        if data.get("conclusion") in (Conclusion.LAWFUL_IF_AMENDED, Conclusion.UNLAWFUL) and not data["item_list"]:
            self.add_error("items", "审查结论为“修改后合法”或“不合法”的，须逐条列明审查意见。")
        return data


class WithdrawForm(TransitionForm):
    reason = forms.CharField(label="撤回理由", max_length=200)


# ---- Excel ledger ------------------------------------------------------------------------------------


class ReviewLedgerForm(ReviewRequestForm):
    """One row of the review ledger (合法性审查台账): the submission and, when done, the opinion. The state
    follows from the dates (``services.derive_state``); the same rules as on the pages hold (an early opinion on a major decision draft
    is refused, items are required for 修改后合法/不合法)."""

    opinion_items = forms.CharField(label="审查意见条目", required=False, help_text="多条以“；”或换行分隔。")

    class Meta(ReviewRequestForm.Meta):
        fields = ReviewRequestForm.Meta.fields + ["received_on", "conclusion", "opinion_on", "opinion_summary", "withdrawn_on"]

    def clean(self):
        data = super().clean()
        received = data.get("received_on")
        conclusion, opinion_on, withdrawn = data.get("conclusion"), data.get("opinion_on"), data.get("withdrawn_on")
        if conclusion and not opinion_on:
            self.add_error("opinion_on", "填写了审查结论的，须填写出具意见日期。")
        if opinion_on and not conclusion:
            self.add_error("conclusion", "填写了出具意见日期的，须填写审查结论。")
        if opinion_on and not received:
            self.add_error("received_on", "已出具意见的，须填写接收日期。")
        if withdrawn and opinion_on:
            self.add_error("withdrawn_on", "已出具意见的事项不能撤回。")
        text = (data.get("opinion_items") or "").replace("；", "\n").replace(";", "\n")
        data["item_list"] = split_items(text)
        if conclusion in (Conclusion.LAWFUL_IF_AMENDED, Conclusion.UNLAWFUL) and not data["item_list"]:
            self.add_error("opinion_items", "审查结论为“修改后合法”或“不合法”的，须逐条列明审查意见。")
        if opinion_on and received and data.get("kind") == ReviewKind.MAJOR_DECISION and not self.errors:
            probe = ReviewRequest(org=self.instance.org, kind=ReviewKind.MAJOR_DECISION, received_on=received)
            message = probe.early_opinion_message(opinion_on)
            if message:
                self.add_error("opinion_on", message)
        return data

    def _save_m2m(self):
        """After the review is saved: its opinion items, and the review time of an issued one."""
        super()._save_m2m()
        obj = self.instance
        for n, text in enumerate(self.cleaned_data.get("item_list") or [], start=1):
            OpinionItem.objects.get_or_create(review=obj, number=n, defaults={"content": text})
        if obj.state == State.ISSUED and obj.review_working_days is None:
            obj.review_working_days = obj.working_days_until(obj.opinion_on)
            obj.save(update_fields=["review_working_days", "due_on"])


class MeetingTopicForm(RegistryForm):
    class Meta:
        model = MeetingTopic
        fields = ["org", "title", "meeting_kind", "meeting_name", "meeting_on", "submitting_org", "put_to_meeting", "reviewed", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitting_org"].queryset = Org.objects.filter(is_active=True).exclude(kind=OrgKind.STATION).order_by("path")
        if self.user is not None:
            self.fields["review"].queryset = ReviewRequest.objects.visible_to(self.user).order_by("-submitted_on")

    def clean(self):
        data = super().clean()
        review = data.get("review")
        if review is not None and review.state != State.ISSUED:
            self.add_error("review", "所选合法性审查尚未出具意见。")
        if data.get("reviewed") is False and review is not None and review.state == State.ISSUED:
            data["reviewed"] = True
        return data
