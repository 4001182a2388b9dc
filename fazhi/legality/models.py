"""The legality review registry (合法性审查): review requests from any unit, the reviewing office's
clock stops, legal advisers' opinions and numbered opinion items; and the register of meeting topics
(会议议题) whose review coverage is counted.

``ReviewRequest.org`` is the reviewing office (the county justice bureau as 合法性审查机构);
``submitting_org`` is the unit that sent the draft. Both sides see the request: the office through its
data scope over ``org``, the submitting unit through its scope over ``submitting_org``."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.dates import DateOrder
from fazhi.core.fields import DateField
from fazhi.core.models import AbstractClockStop, ChildQuerySet, Org, RegistryModel, RegistryQuerySet, Side
from fazhi.core.periods import due_date, working_days_between

from .choices import OPEN_STATES, Conclusion, MeetingKind, ReviewKind, State, StopKind


def _cn(d):
    return f"{d.year}年{d.month}月{d.day}日"


class ReviewRequest(RegistryModel):
    """One item sent for legality review (送审稿). The review runs from receipt; the office must not issue
    an opinion on a major decision draft in fewer than ``legality_min_working_days`` working days
    (《重大行政决策程序暂行条例》第二十六条: 一般不少于7个工作日) and should issue it within
    ``legality_max_working_days`` working days (a local rule); requests for supplements stop the clock."""

    review_no = models.CharField("审查编号", max_length=60, unique=True, editable=False)
    kind = models.CharField("送审类别", max_length=30, choices=ReviewKind.choices, db_index=True)
    title = models.CharField("送审事项名称", max_length=200)
    submitting_org = models.ForeignKey(Org, verbose_name="送审单位", on_delete=models.PROTECT, related_name="+")
    submitted_on = DateField("送审日期", not_in_future=True, db_index=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    legal_basis = models.TextField("制定依据", blank=True, help_text="送审材料应当包括制定依据和履行程序的说明（条例第二十五条）。")
    procedure_note = models.TextField("履行程序说明", blank=True)
    exploratory = models.BooleanField("探索性改革事项", default=False, help_text="探索性改革决策事项可以明示法律风险后提交讨论（条例第二十五条）。")

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    received_on = DateField("接收日期", not_in_future=True, null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_on = DateField("分办日期", null=True, blank=True)
    conclusion = models.CharField("审查结论", max_length=30, choices=Conclusion.choices, blank=True, db_index=True)
    opinion_on = DateField("出具意见日期", null=True, blank=True, db_index=True)
    opinion_summary = models.TextField("审查意见", blank=True)
    review_working_days = models.PositiveSmallIntegerField("审查用时（工作日）", null=True, blank=True, editable=False,
                                                           help_text="出具意见时计算：接收日至出具意见日的工作日数，扣除补充材料期间。")
    withdrawn_on = DateField("撤回日期", null=True, blank=True)
    due_on = models.DateField("审查期限", null=True, blank=True, editable=False, db_index=True)
    advisers = models.ManyToManyField("advisers.LegalAdviser", verbose_name="征询的法律顾问", through="AdviserConsultation", blank=True, related_name="+")

    year_field = "submitted_on"
    #: Which date may not precede which (:mod:`fazhi.core.dates`): kept by the transitions, the ledger import and
    #: the consistency check.
    date_order = (
        DateOrder("received_on", "submitted_on"),
        DateOrder("assigned_on", "received_on"),
        DateOrder("opinion_on", "received_on"),
        DateOrder("withdrawn_on", "submitted_on"),
    )
    #: The submitting unit sees what it submitted, may amend it until the office receives it (the form's
    #: rule) and may withdraw it; every review step is the office's.
    sides = (Side("submitting_org", "送审单位", actions=("view", "change"), transitions=("withdraw",)),)

    objects = RegistryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "合法性审查"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["org", "submitted_on"], name="legality_org_submitted_idx"),
            models.Index(fields=["org", "opinion_on"], name="legality_org_opinion_idx"),
            models.Index(fields=["submitting_org", "submitted_on"], name="legality_sub_submitted_idx"),
            # The list page's order, and under its state filter: a deep page walks an index (docs/performance.md).
            models.Index(fields=["submitted_on", "id"], name="legality_list_idx"),
            models.Index(fields=["state", "submitted_on", "id"], name="legality_state_list_idx"),
            # 我的待办: the open requests by their review deadline.
            models.Index(fields=["state", "due_on"], name="legality_state_due_idx"),
        ]

    def __str__(self):
        return f"{self.review_no} {self.title[:30]}"

    def save(self, *args, **kwargs):
        if not self.review_no:
            from fazhi.core.numbering import allocate

            year = self.submitted_on.year
            n = allocate(f"{self.org.code}:legality", year)
            prefix = self.org.short_name or self.org.code
            self.review_no = f"{prefix}合审〔{year}〕{n}号"
        self.refresh_deadlines()
        super().save(*args, **kwargs)

    # ---- review time -------------------------------------------------------------------------------
    def stops(self):
        if not self.pk:
            return []
        return [(s.start, s.end) for s in self.clock_stops.all() if s.kind == StopKind.SUPPLEMENT]

    def _rule(self, key):
        from fazhi.core.rules import get_rule

        return get_rule(self.org, key)

    def compute_due(self):
        """The last day of the review: ``legality_max_working_days`` working days from receipt, not
        counting the days spent waiting for supplements; None while waiting."""
        if not self.received_on:
            return None
        return due_date(self.received_on, self._rule("legality_max_working_days"), "working_days", stops=self.stops())

    def earliest_opinion_on(self):
        """For a major decision draft: the first day on which the opinion may be issued (Art. 26)."""
        if self.kind != ReviewKind.MAJOR_DECISION or not self.received_on:
            return None
        return due_date(self.received_on, self._rule("legality_min_working_days"), "working_days", stops=self.stops())

    def early_opinion_message(self, on):
        """The Chinese refusal when an opinion on a major decision draft would come before the minimum review
        time (《重大行政决策程序暂行条例》第二十六条: 一般不少于7个工作日; local rule ``legality_min_working_days``)."""
        earliest = self.earliest_opinion_on()
        if earliest is None or on >= earliest:
            return None
        days = self._rule("legality_min_working_days")
        return (
            f"重大行政决策草案的合法性审查时间一般不少于{days}个工作日（《重大行政决策程序暂行条例》第二十六条），"
            f"本件于{_cn(self.received_on)}接收，最早可于{_cn(earliest)}出具审查意见。"
        )

    def working_days_until(self, on):
        """Working days of review from receipt to ``on``, not counting supplement periods
        (days d with stop_start < d <= stop_end)."""
        if not self.received_on:
            return None
        total = working_days_between(self.received_on, on)
        for start, end in self.stops():
            end = min(end or on, on)
            if end > start:
                total -= working_days_between(max(start, self.received_on), end)
        return max(total, 0)

    def refresh_deadlines(self):
        """Recompute the stored review deadline (kept after the opinion, for the on-time count)."""
        self.due_on = None if self.state == State.WITHDRAWN else self.compute_due()

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def days_left(self):
        return (self.due_on - timezone.localdate()).days if self.due_on and self.is_open else None

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def on_time(self):
        """Whether the opinion came within the review deadline (None while open)."""
        if self.state != State.ISSUED or not self.due_on:
            return None
        return self.opinion_on <= self.due_on

    @property
    def deadline_text(self):
        if not self.due_on or not self.is_open:
            return ""
        left = self.days_left
        when = f"逾期{-left}天" if left < 0 else ("今日到期" if left == 0 else f"剩{left}天")
        return f"{self.due_on:%m-%d}（{when}）"


class ClockStop(AbstractClockStop):
    """A request for supplementary material (补充材料): the review clock stops from the request to the
    receipt of the material (:class:`fazhi.core.models.AbstractClockStop`)."""

    review = models.ForeignKey(ReviewRequest, verbose_name="审查事项", on_delete=models.CASCADE, related_name="clock_stops")
    kind = models.CharField("类型", max_length=20, choices=StopKind.choices, default=StopKind.SUPPLEMENT)
    reason = models.CharField("需补充的材料", max_length=200, blank=True)

    class Meta(AbstractClockStop.Meta):
        verbose_name = verbose_name_plural = "补充材料（期限中止）"


class AdviserConsultation(models.Model):
    """A legal adviser's or government lawyer's opinion on the draft (条例第二十八条)."""

    review = models.ForeignKey(ReviewRequest, verbose_name="审查事项", on_delete=models.CASCADE, related_name="consultations")
    adviser = models.ForeignKey("advisers.LegalAdviser", verbose_name="法律顾问", on_delete=models.PROTECT, related_name="+")
    asked_on = DateField("征询日期")
    replied_on = DateField("回复日期", null=True, blank=True)
    opinion = models.TextField("顾问意见", blank=True)

    objects = ChildQuerySet.as_manager()
    scope_parent = "review"  # visible with the review, to its submitting unit too

    class Meta:
        verbose_name = verbose_name_plural = "法律顾问意见"
        ordering = ["asked_on", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "adviser"], name="legality_consultation_unique")]

    def __str__(self):
        return f"{self.adviser} {self.asked_on}"


class OpinionItem(models.Model):
    """One numbered item of the review opinion (审查意见第N条)."""

    review = models.ForeignKey(ReviewRequest, verbose_name="审查事项", on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    content = models.TextField("意见内容")
    adopted = models.BooleanField("是否采纳", null=True, blank=True)

    objects = ChildQuerySet.as_manager()
    scope_parent = "review"

    class Meta:
        verbose_name = verbose_name_plural = "审查意见条目"
        ordering = ["number", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="legality_item_number_unique")]

    def __str__(self):
        return f"第{self.number}条"


class MeetingTopic(RegistryModel):
    """A topic put (or proposed) to a government executive or thematic meeting (会议议题). ``org`` is the
    government whose meeting it is. Review coverage = topics reviewed ÷ topics put to meetings."""

    title = models.CharField("议题名称", max_length=200)
    meeting_kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices, default=MeetingKind.EXECUTIVE)
    meeting_name = models.CharField("会议名称", max_length=100, blank=True, help_text="如：县政府第12次常务会议。")
    meeting_on = DateField("会议日期", db_index=True)
    submitting_org = models.ForeignKey(Org, verbose_name="提交单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    put_to_meeting = models.BooleanField("已提交会议审议", default=True)
    reviewed = models.BooleanField("已经合法性审查", default=False)
    review = models.ForeignKey(ReviewRequest, verbose_name="合法性审查", null=True, blank=True, on_delete=models.SET_NULL, related_name="topics")

    year_field = "meeting_on"

    class Meta:
        verbose_name = verbose_name_plural = "会议议题"
        ordering = ["-meeting_on", "-id"]
        indexes = [models.Index(fields=["org", "meeting_on"], name="legality_topic_org_on_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.review_id and self.review.state == State.ISSUED:
            self.reviewed = True
        super().save(*args, **kwargs)
