"""Indicators of the normative document registry (ORACLE.md 001 浦江 县政府规范性文件25件·报备率100%·废止36件·宣布失效28件;
004 五华 规范性文件17件·备案9件·清理66份·废止和失效35份; 08 乐清 清理411件 = Σ dispositions; 01 巫山 现行有效86件 = 县政府60 + 乡镇13 + 部门13).

Documents are counted by their issuer (``org_field="issuer"``: 县政府规范性文件 are the county government's,
whoever drafted them) over the documents *published* in the period; filing counts follow the same cohort,
so that 报备率 = 已报备 ÷ 应报备 never exceeds 100%. 现行有效 is a stock: the documents in force on the last day
of the period. Cleanup counts are over the items of the campaigns whose results were published in the period
(the campaign's date), by the campaign's organising unit."""

from django.db.models import Exists, OuterRef, Q

from fazhi.core.choices import OrgKind
from fazhi.indicators.definitions import (
    Breakdown,
    Count,
    Identity,
    Rate,
    RecordCheck,
    register,
    register_checks,
)

from .choices import IN_FORCE, CampaignState, Disposition, FilingOutcome, State, Status
from .models import CleanupItem, FilingRecord, in_force_q
from .models import NormativeDocument as Document

PREFIX = "normative."
ISSUER = "issuer"
PUBLISHED = Q(state=State.PUBLISHED)
ISSUER_KINDS = {
    "government": ("县（区）人民政府", [OrgKind.GOVERNMENT]),
    "department": ("县直部门", [OrgKind.DEPARTMENT, OrgKind.BUREAU]),
    "township": ("乡镇（街道）", [OrgKind.TOWNSHIP]),
}


def _in_force(start, end):
    return in_force_q(end)


def _applied(extra=None):
    applied = Q(campaign__state=CampaignState.APPLIED)
    return dict(date_field="campaign__applied_on", filter=applied & extra if extra is not None else applied, org_field="campaign__org")


register(
    Count(PREFIX + "issued", "公布规范性文件", Document, date_field="published_on", filter=PUBLISHED, org_field=ISSUER,
          description="公布日期在期内、按制定机关计的规范性文件件数（应报备件数）"),
    Count(PREFIX + "reviewed", "经合法性审查的规范性文件", Document, date_field="published_on", filter=PUBLISHED & Q(legality_review__state="issued"), org_field=ISSUER,
          description="期内公布、关联了已出具意见的合法性审查的件数"),
    Count(PREFIX + "filed", "已报备", Document, date_field="published_on", filter=PUBLISHED & Q(filed_on__isnull=False), org_field=ISSUER,
          description="期内公布、已向各备案机关报送备案的件数"),
    Count(PREFIX + "filed_on_time", "按时报备", Document, date_field="published_on", filter=PUBLISHED & Q(filed_on_time=True), org_field=ISSUER,
          description="期内公布、各项备案均在报备期限内报送的件数"),
    Rate(PREFIX + "review_rate", "合法性审查率", PREFIX + "reviewed", PREFIX + "issued"),
    Rate(PREFIX + "filing_rate", "报备率", PREFIX + "filed", PREFIX + "issued", description="已报备 ÷ 应报备（期内公布的文件）× 100%"),
    Rate(PREFIX + "timely_filing_rate", "报备及时率", PREFIX + "filed_on_time", PREFIX + "issued", description="按时报备 ÷ 应报备（期内公布的文件）× 100%"),
    Count(PREFIX + "filings_submitted", "报送备案（件次）", FilingRecord, date_field="submitted_on", org_field="document__issuer", unit="件次",
          description="报送日期在期内的备案件次（县政府文件分别报上级政府和人大常委会，各计一次）"),
    *[Count(PREFIX + f"filing_{o.value}", f"备案审查：{o.label}", FilingRecord, date_field="outcome_on", filter=Q(outcome=o.value),
            org_field="document__issuer", unit="件次") for o in FilingOutcome],
    Count(PREFIX + "in_force", "现行有效规范性文件", Document, period=_in_force, org_field=ISSUER, description="期末当日仍然有效的文件件数（已公布、未废止或失效、在有效期内）"),
    *[Count(PREFIX + f"in_force.{k}", f"现行有效（{label}）", Document, period=_in_force, filter=Q(issuer__kind__in=kinds), org_field=ISSUER)
      for k, (label, kinds) in ISSUER_KINDS.items()],
    Breakdown(PREFIX + "in_force_by_issuer", "现行有效文件按制定机关", Document, "published_on", "issuer_id", PREFIX + "in_force", label_field="issuer__name",
              org_field=ISSUER, period=_in_force),
    Breakdown(PREFIX + "issued_by_issuer", "公布文件按制定机关", Document, "published_on", "issuer_id", PREFIX + "issued", label_field="issuer__name",
              filter=PUBLISHED, org_field=ISSUER),
    Count(PREFIX + "cleaned", "清理规范性文件", CleanupItem, unit="件", **_applied(), description="期内公布清理结果的各次清理所涉文件件数"),
    *[Count(PREFIX + f"cleanup_{d.value}", f"清理结果：{d.label}", CleanupItem, **_applied(Q(disposition=d.value))) for d in Disposition],
    Count(PREFIX + "cleanup_repealed_or_invalid", "清理中废止和宣布失效", CleanupItem,
          **_applied(Q(disposition__in=[Disposition.REPEALED, Disposition.DECLARED_INVALID]))),
    Breakdown(PREFIX + "cleaned_by_campaign", "各次清理的文件件数", CleanupItem, "campaign__applied_on", "campaign_id", PREFIX + "cleaned",
              label_field="campaign__name", filter=Q(campaign__state=CampaignState.APPLIED), org_field="campaign__org"),
)

DISPOSITION_KEYS = tuple(PREFIX + f"cleanup_{d.value}" for d in Disposition)
register_checks(
    Identity(PREFIX + "cleanup_identity", "清理文件 = 继续有效 + 修改 + 废止 + 宣布失效", PREFIX + "cleaned", DISPOSITION_KEYS),
    Identity(PREFIX + "in_force_identity", "现行有效 = 县政府 + 部门 + 乡镇", PREFIX + "in_force", tuple(PREFIX + f"in_force.{k}" for k in ISSUER_KINDS)),
    Identity(PREFIX + "filed_on_time_subset", "按时报备不超过已报备", PREFIX + "filed_on_time", PREFIX + "filed", "<="),
    Identity(PREFIX + "filed_subset", "已报备不超过公布文件", PREFIX + "filed", PREFIX + "issued", "<="),
    Identity(PREFIX + "reviewed_subset", "经合法性审查不超过公布文件", PREFIX + "reviewed", PREFIX + "issued", "<="),
    Identity(PREFIX + "repealed_subset", "废止和宣布失效不超过清理文件", PREFIX + "cleanup_repealed_or_invalid", PREFIX + "cleaned", "<="),
    RecordCheck(PREFIX + "published_unreviewed", "公布的规范性文件未经合法性审查", Document, lambda s, e, t: PUBLISHED & ~Q(legality_review__state="issued"),
                description="规范性文件未经合法性审查的，不得提交审议（国办发〔2018〕115号）"),
    RecordCheck(PREFIX + "published_unnumbered", "公布的规范性文件没有统一编号", Document, lambda s, e, t: PUBLISHED & Q(document_no__isnull=True)),
    RecordCheck(PREFIX + "filing_overdue", "逾期未报送备案", Document,
                lambda s, e, t: PUBLISHED & Q(Exists(FilingRecord.objects.filter(document=OuterRef("pk"), submitted_on__isnull=True, due_on__lt=t)))),
    RecordCheck(PREFIX + "filed_late", "超过报备期限报送", Document, lambda s, e, t: PUBLISHED & Q(filed_on_time=False)),
    RecordCheck(PREFIX + "lapsed_still_effective", "有效期已届满仍标注为有效", Document,
                lambda s, e, t: PUBLISHED & Q(status__in=list(IN_FORCE), expires_on__lt=t)),
    RecordCheck(PREFIX + "ended_without_date", "废止、宣布失效或失效但没有失效日期", Document,
                lambda s, e, t: Q(status__in=[Status.REPEALED, Status.DECLARED_INVALID, Status.EXPIRED], ended_on__isnull=True)),
)
