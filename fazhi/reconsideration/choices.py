"""Choices of the reconsideration registry (GLOSSARY.md; DOMAIN.md §1)."""

from django.db import models


class Channel(models.TextChoices):
    ONLINE = "online", "在线"
    IN_PERSON = "in_person", "当面"
    POST = "post", "邮寄"
    ORAL = "oral", "口头"


class ActKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    INFORMATION = "information_disclosure", "政府信息公开"
    NONPERFORMANCE = "nonperformance", "不履行法定职责"
    COMPLAINT = "complaint_handling", "投诉举报处理"
    CONFIRMATION = "confirmation", "行政确认"
    EXPROPRIATION = "expropriation", "征收征用"
    OTHER = "other", "其他"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    AGENT = "agent", "代理人"
    THIRD_PARTY = "third_party", "第三人"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class State(models.TextChoices):
    RECEIVED = "received", "收到待审查"
    AMENDMENT = "amendment", "补正中"
    ACCEPTED = "accepted", "审理中"
    SUSPENDED = "suspended", "中止"
    DECIDED = "decided", "已作出决定（待送达）"
    SERVED = "served", "已送达"
    ARCHIVED = "archived", "已归档"
    REFUSED = "refused", "不予受理"
    REDIRECTED = "redirected", "已告知（转送）"
    RESOLVED = "resolved_before_acceptance", "受理前调撤"
    ABANDONED = "abandoned", "视为放弃"


OPEN_STATES = {State.RECEIVED, State.AMENDMENT, State.ACCEPTED, State.SUSPENDED}


class AcceptanceKind(models.TextChoices):
    ACCEPTED = "accepted", "决定受理"
    DEEMED = "deemed_accepted", "视为受理"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"


class SimplifiedReason(models.TextChoices):
    """行政复议法 Art. 53: the grounds for the simplified procedure."""

    ON_THE_SPOT = "on_the_spot", "被申请行政复议的行政行为是当场作出"
    WARNING = "warning", "被申请行政复议的行政行为是警告或者通报批评"
    SMALL_AMOUNT = "small_amount", "案件涉及款额三千元以下"
    INFORMATION = "information_disclosure", "属于政府信息公开案件"
    PARTIES_AGREE = "parties_agree", "当事人各方同意适用简易程序"


class Outcome(models.TextChoices):
    """行政复议法 Arts 63–74 and 33, 41 (DOMAIN.md §1.5)."""

    UPHELD = "upheld", "维持"
    REQUEST_REJECTED = "request_rejected", "驳回复议请求"
    APPLICATION_DISMISSED = "application_dismissed", "驳回申请"
    REVOKED = "revoked", "撤销"
    PARTLY_REVOKED = "partly_revoked", "部分撤销"
    REVOKED_AND_REDO = "revoked_and_redo", "撤销并责令重作"
    MODIFIED = "modified", "变更"
    DECLARED_UNLAWFUL = "declared_unlawful", "确认违法"
    DECLARED_VOID = "declared_void", "确认无效"
    PERFORMANCE_ORDERED = "performance_ordered", "责令履行"
    AGREEMENT_ORDERED = "agreement_ordered", "行政协议（责令履行、补偿）"
    MEDIATED = "mediated", "调解"
    TERMINATED = "terminated", "终止"


# 直接纠错: the correcting outcomes (ORACLE.md F5, DOMAIN.md §1.5).
CORRECTED = [
    Outcome.REVOKED, Outcome.PARTLY_REVOKED, Outcome.REVOKED_AND_REDO, Outcome.MODIFIED,
    Outcome.DECLARED_UNLAWFUL, Outcome.DECLARED_VOID, Outcome.PERFORMANCE_ORDERED, Outcome.AGREEMENT_ORDERED,
]
DECISIONS = [o for o in Outcome if o not in (Outcome.MEDIATED, Outcome.TERMINATED)]


class TerminationReason(models.TextChoices):
    """行政复议法 Art. 41 (and Art. 74: settlement, then withdrawal, then termination)."""

    WITHDRAWN = "withdrawn", "申请人撤回申请"
    SETTLED = "settled", "和解后撤回申请"
    DEATH = "death", "申请人死亡，无近亲属或近亲属放弃"
    DISSOLVED = "dissolved", "申请人终止，无承受其权利的组织"
    CRIMINAL = "criminal", "申请人因同一违法行为被采取刑事强制措施"
    SUSPENSION_LAPSED = "suspension_lapsed", "中止满六十日中止原因仍未消除"


class StopKind(models.TextChoices):
    AMENDMENT = "amendment", "补正"
    SUSPENSION = "suspension", "中止"


class LetterKind(models.TextChoices):
    OPINION = "opinion", "行政复议意见书"
    RECOMMENDATION = "recommendation", "行政复议建议书"


#: The management areas a new installation starts with (migration 0002 holds its own frozen copy).
DEFAULT_AREAS = [
    ("public_security", "公安"), ("market", "市场监管"), ("natural_resources", "自然资源"), ("housing", "住建"),
    ("transport", "交通"), ("comprehensive", "综合执法"), ("human_resources", "人社"), ("environment", "生态环境"),
    ("agriculture", "农业农村"), ("health", "卫生健康"), ("education", "教育"), ("emergency", "应急管理"),
    ("township", "乡镇（街道）"), ("other", "其他"),
]
