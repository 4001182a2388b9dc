"""Choices of the litigation registry (GLOSSARY.md; DOMAIN.md §2)."""

from django.db import models

from fazhi.reconsideration.choices import ActKind, Outcome  # noqa: F401 — 行政行为类别 is shared with 行政复议


class Instance(models.TextChoices):
    """审级. Each instance of a case is its own record (the duty to appear applies per instance, SPC 2020 Art. 7)."""

    FIRST = "first_instance", "一审"
    APPEAL = "appeal", "二审"
    RETRIAL = "retrial", "再审"


class State(models.TextChoices):
    REGISTERED = "registered", "已立案（待答辩）"
    DEFENDED = "defended", "已答辩"
    HEARD = "heard", "已开庭"
    JUDGED = "judged", "已裁判"
    CLOSED = "closed", "已结案"
    WITHDRAWN = "withdrawn", "已撤诉"


OPEN_STATES = {State.REGISTERED, State.DEFENDED, State.HEARD}


class Result(models.TextChoices):
    """裁判结果: the judgment types of 行政诉讼法 Arts 69–78, the rulings that end a case, 撤诉 and 调解;
    for an appeal or a retrial also 驳回上诉 and 发回重审 (Art. 89)."""

    REJECTED = "rejected", "判决驳回诉讼请求"
    REVOKED = "revoked", "判决撤销"
    PARTLY_REVOKED = "partly_revoked", "判决部分撤销"
    REVOKED_AND_REDO = "revoked_and_redo", "判决撤销并责令重作"
    PERFORMANCE = "performance", "判决履行法定职责"
    PAYMENT = "payment", "判决给付"
    DECLARED_UNLAWFUL = "declared_unlawful", "判决确认违法"
    DECLARED_VOID = "declared_void", "判决确认无效"
    MODIFIED = "modified", "判决变更"
    AGREEMENT = "agreement", "行政协议判决（继续履行、补救或赔偿）"
    DISMISSED = "dismissed", "裁定驳回起诉"
    WITHDRAWN = "withdrawn", "准予撤诉"
    MEDIATED = "mediated", "调解结案"
    TERMINATED = "terminated", "裁定终结诉讼"
    APPEAL_REJECTED = "appeal_rejected", "驳回上诉、维持原裁判"
    REMANDED = "remanded", "撤销原裁判、发回重审"


#: 败诉: a judgment that goes against the agency's act (DOMAIN.md §2.1; ORACLE.md F1).
LOST = [
    Result.REVOKED, Result.PARTLY_REVOKED, Result.REVOKED_AND_REDO, Result.PERFORMANCE, Result.PAYMENT,
    Result.DECLARED_UNLAWFUL, Result.DECLARED_VOID, Result.MODIFIED, Result.AGREEMENT,
]
#: 胜诉: the claim rejected, or the suit dismissed.
WON = [Result.REJECTED, Result.DISMISSED]
#: 调撤: withdrawn or mediated — neither won nor lost (ORACLE.md F10).
MEDIATED_OR_WITHDRAWN = [Result.WITHDRAWN, Result.MEDIATED]
#: Results only an appeal or a retrial can have.
REVIEW_ONLY = [Result.APPEAL_REJECTED, Result.REMANDED]
#: Rulings (裁定): appealable within 10 days instead of 15 (Art. 85).
RULINGS = [Result.DISMISSED, Result.TERMINATED]
#: No appeal lies against these (a mediation statement takes effect on signature; a withdrawal ends the suit).
NOT_APPEALABLE = [Result.MEDIATED, Result.WITHDRAWN]


class OutcomeClass(models.TextChoices):
    WON = "won", "胜诉"
    LOST = "lost", "败诉"
    MEDIATED_OR_WITHDRAWN = "mediated_or_withdrawn", "调撤"
    OTHER = "other", "其他"


class Party(models.TextChoices):
    """Who appealed."""

    PLAINTIFF = "plaintiff", "原告"
    DEFENDANT = "defendant", "被告"
    THIRD_PARTY = "third_party", "第三人"


#: The reconsideration outcomes that make the reconsideration body a co-defendant: 维持 (行政诉讼法 Art. 26
#: ¶2), which includes rejecting the request on the merits (行诉解释 2018 Art. 133 — but not 驳回申请 for
#: failing the acceptance conditions).
UPHOLDING_OUTCOMES = [Outcome.UPHELD, Outcome.REQUEST_REJECTED]
