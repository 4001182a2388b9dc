"""Indicators of the legality review registry (ORACLE.md 001 浦江 合法性审核意见351份, 004 五华 送审稿216件其中
规范性文件17件, 01 巫山 合法性审核98件).

Counts are by the reviewing office (``org``). Intake counts follow the items *sent* in the period
(``submitted_on``: 送审稿); opinion counts follow the opinions *issued* in the period (``opinion_on``),
whenever the item was sent. Review time is stored on each record when its opinion is issued
(``review_working_days``: working days from receipt, supplement periods not counted), so the average and the
longest time are plain aggregates in the same query as the counts."""

from django.db.models import Exists, F, OuterRef, Q

from fazhi.core.rules import RULES
from fazhi.indicators.definitions import (
    Average,
    Breakdown,
    Count,
    Identity,
    Max,
    Rate,
    RecordCheck,
    Sum,
    register,
    register_checks,
)

from .choices import OPEN_STATES, Conclusion, ReviewKind, State
from .models import AdviserConsultation, MeetingTopic, OpinionItem
from .models import ReviewRequest as Review

PREFIX = "legality."
ISSUED = Q(state=State.ISSUED)
CONSULTED = Exists(AdviserConsultation.objects.filter(review=OuterRef("pk")))

register(
    Count(PREFIX + "received", "送审件数", Review, date_field="submitted_on", description="送审日期在期内的送审稿件数（含撤回）"),
    *[Count(PREFIX + f"received.{k.value}", f"送审{k.label}", Review, date_field="submitted_on", filter=Q(kind=k.value)) for k in ReviewKind],
    Count(PREFIX + "withdrawn", "撤回送审", Review, date_field="submitted_on", filter=Q(state=State.WITHDRAWN), description="期内送审、已撤回的件数"),
    Count(PREFIX + "reviewed", "出具审查意见", Review, date_field="opinion_on", filter=ISSUED, description="出具意见日期在期内的件数（含上年送审的）"),
    *[Count(PREFIX + f"reviewed.{k.value}", f"审查{k.label}", Review, date_field="opinion_on", filter=ISSUED & Q(kind=k.value)) for k in ReviewKind],
    *[Count(PREFIX + f"{c.value}", f"审查结论：{c.label}", Review, date_field="opinion_on", filter=ISSUED & Q(conclusion=c.value)) for c in Conclusion],
    Count(PREFIX + "reviewed_on_time", "按期出具意见", Review, date_field="opinion_on", filter=ISSUED & Q(due_on__isnull=False, opinion_on__lte=F("due_on")),
          description="在审查期限（地方规则：最长审查时间，补充材料期间不计）内出具意见的件数"),
    Count(PREFIX + "adviser_consulted", "听取法律顾问意见", Review, date_field="opinion_on", filter=ISSUED & Q(CONSULTED),
          description="期内出具意见、登记了法律顾问或公职律师意见的件数"),
    Count(PREFIX + "opinion_items", "审查意见条数", OpinionItem, date_field="review__opinion_on", filter=Q(review__state=State.ISSUED),
          org_field="review__org", unit="条", description="期内出具的审查意见所列意见条目数"),
    Count(PREFIX + "opinion_items_adopted", "审查意见被采纳条数", OpinionItem, date_field="review__opinion_on",
          filter=Q(review__state=State.ISSUED, adopted=True), org_field="review__org", unit="条"),
    Sum(PREFIX + "review_days_total", "审查用时合计", Review, "review_working_days", date_field="opinion_on", filter=ISSUED, unit="个工作日"),
    Average(PREFIX + "review_days_average", "平均审查用时", Review, "review_working_days", date_field="opinion_on", filter=ISSUED, unit="个工作日",
            description="期内出具意见的各件审查用时（接收至出具意见的工作日数，补充材料期间不计）的平均数，四舍五入保留1位小数"),
    Max(PREFIX + "review_days_longest", "最长审查用时", Review, "review_working_days", date_field="opinion_on", filter=ISSUED, unit="个工作日"),
    Rate(PREFIX + "on_time_rate", "按期审查率", PREFIX + "reviewed_on_time", PREFIX + "reviewed"),
    Breakdown(PREFIX + "by_kind", "送审类别分布", Review, "submitted_on", "kind", PREFIX + "received", choices=dict(ReviewKind.choices)),
    Breakdown(PREFIX + "by_submitting_org", "送审单位分布", Review, "submitted_on", "submitting_org_id", PREFIX + "received", label_field="submitting_org__name"),
    # 会议议题: counted by the government whose meeting it is.
    Count(PREFIX + "topics_put", "提交会议审议的议题", MeetingTopic, date_field="meeting_on", filter=Q(put_to_meeting=True), unit="项"),
    Count(PREFIX + "topics_reviewed", "经合法性审查的会议议题", MeetingTopic, date_field="meeting_on", filter=Q(put_to_meeting=True, reviewed=True), unit="项"),
    Rate(PREFIX + "topic_review_coverage", "会议议题合法性审查覆盖率", PREFIX + "topics_reviewed", PREFIX + "topics_put"),
)

MIN_DAYS = RULES["legality_min_working_days"].default
KIND_KEYS = tuple(PREFIX + f"received.{k.value}" for k in ReviewKind)
register_checks(
    Identity(PREFIX + "received_identity", "送审件数 = 各类别之和", PREFIX + "received", KIND_KEYS),
    Identity(PREFIX + "reviewed_identity", "出具审查意见 = 各类别之和", PREFIX + "reviewed", tuple(PREFIX + f"reviewed.{k.value}" for k in ReviewKind)),
    Identity(PREFIX + "conclusion_identity", "出具审查意见 = 合法 + 修改后合法 + 不合法", PREFIX + "reviewed", tuple(PREFIX + c.value for c in Conclusion)),
    Identity(PREFIX + "on_time_subset", "按期出具意见不超过出具审查意见", PREFIX + "reviewed_on_time", PREFIX + "reviewed", "<="),
    Identity(PREFIX + "adopted_subset", "被采纳条数不超过审查意见条数", PREFIX + "opinion_items_adopted", PREFIX + "opinion_items", "<="),
    Identity(PREFIX + "topics_subset", "经审查的会议议题不超过提交会议审议的议题", PREFIX + "topics_reviewed", PREFIX + "topics_put", "<="),
    RecordCheck(PREFIX + "major_decision_too_fast", f"重大行政决策草案审查用时少于{MIN_DAYS}个工作日", Review,
                lambda s, e, t: Q(kind=ReviewKind.MAJOR_DECISION, review_working_days__lt=MIN_DAYS),
                description=f"重大行政决策草案的审查时间一般不少于{MIN_DAYS}个工作日（《重大行政决策程序暂行条例》第二十六条）"),
    RecordCheck(PREFIX + "major_decision_without_adviser", "重大行政决策草案未听取法律顾问意见", Review,
                lambda s, e, t: Q(kind=ReviewKind.MAJOR_DECISION, state=State.ISSUED) & ~Q(CONSULTED),
                description="合法性审查应当听取法律顾问、公职律师的意见（《重大行政决策程序暂行条例》第二十八条）"),
    RecordCheck(PREFIX + "amendments_without_items", "结论为修改后合法或不合法但未列明意见条目", Review,
                lambda s, e, t: Q(state=State.ISSUED, conclusion__in=[Conclusion.LAWFUL_IF_AMENDED, Conclusion.UNLAWFUL])
                & ~Q(Exists(OpinionItem.objects.filter(review=OuterRef("pk"))))),
    RecordCheck(PREFIX + "overdue_open", "超过审查期限仍未出具意见", Review, lambda s, e, t: Q(state__in=list(OPEN_STATES), due_on__lt=t)),
    RecordCheck(PREFIX + "topic_unreviewed", "提交会议审议的议题未经合法性审查", MeetingTopic, lambda s, e, t: Q(put_to_meeting=True, reviewed=False),
                description="未经合法性审查或者经审查不合法的，不得提交集体讨论（条例第二十五条）"),
)
