"""Choices of the decisions app: major decisions (重大行政决策) and administrative contracts (行政协议)
(GLOSSARY.md "Decisions and documents"; DOMAIN.md §3; 《重大行政决策程序暂行条例》)."""

from django.db import models

# ---------------------------------------------------------------- major decisions


class Category(models.TextChoices):
    """条例第三条第一款: the five kinds of decision item."""

    PUBLIC_POLICY = "public_policy", "重大公共政策和措施"
    PLAN = "plan", "经济和社会发展等方面的重要规划"
    RESOURCES = "resources", "开发利用、保护重要自然资源和文化资源的重大公共政策和措施"
    CONSTRUCTION = "construction", "重大公共建设项目"
    OTHER = "other", "其他重大事项"


class State(models.TextChoices):
    IN_PROGRESS = "in_progress", "履行决策程序中"
    DECIDED = "decided", "已作出决定"
    PUBLISHED = "published", "已公布"
    ARCHIVED = "archived", "已归档"
    TERMINATED = "terminated", "终止决策"


DECIDED_STATES = {State.DECIDED, State.PUBLISHED, State.ARCHIVED}


class ProcedureKind(models.TextChoices):
    """The statutory procedures (条例第二章第二至四节、第三章), one child row each time one is held. A hearing
    is a form of public participation (第十四条第二款) counted on its own, as bureaus report 听证 apart from
    征求意见."""

    PUBLIC_PARTICIPATION = "public_participation", "公众参与（征求意见）"
    HEARING = "hearing", "听证会"
    EXPERT_REVIEW = "expert_review", "专家论证"
    RISK_ASSESSMENT = "risk_assessment", "风险评估"
    LEGALITY_REVIEW = "legality_review", "合法性审查"
    COLLECTIVE_DECISION = "collective_decision", "集体讨论决定"


class ParticipationMethod(models.TextChoices):
    """条例第十四条第二款 (听证会 has its own procedure kind)."""

    PUBLIC_CONSULTATION = "public_consultation", "向社会公开征求意见"
    SYMPOSIUM = "symposium", "座谈会"
    VISIT = "visit", "实地走访"
    WRITTEN = "written", "书面征求意见"
    QUESTIONNAIRE = "questionnaire", "问卷调查"
    POLL = "poll", "民意调查"


class ExpertMethod(models.TextChoices):
    """条例第二十条."""

    MEETING = "meeting", "论证会"
    WRITTEN = "written", "书面咨询"
    COMMISSIONED = "commissioned", "委托咨询论证"


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class MeetingKind(models.TextChoices):
    """条例第三十条: the government's executive or plenary meeting (same codes as legality.MeetingKind)."""

    EXECUTIVE = "executive", "政府常务会议"
    PLENARY = "plenary", "政府全体会议"


class EvaluationReason(models.TextChoices):
    """条例第三十六条第一款."""

    SHORT_OF_EXPECTATION = "short_of_expectation", "实施后明显未达到预期效果"
    MANY_OPINIONS = "many_opinions", "公民、法人或者其他组织提出较多意见"
    DEEMED_NECESSARY = "deemed_necessary", "决策机关认为有必要"


# ---------------------------------------------------------------- administrative contracts


class ContractKind(models.TextChoices):
    """最高人民法院关于审理行政协议案件若干问题的规定（2019）第二条, plus the procurement and investment
    contracts a bureau's 合同审查 ledger also holds."""

    FRANCHISE = "franchise", "政府特许经营协议"
    COMPENSATION = "compensation", "土地、房屋等征收征用补偿协议"
    RESOURCE_TRANSFER = "resource_transfer", "国有自然资源使用权出让协议"
    HOUSING = "housing", "政府投资的保障性住房租赁、买卖协议"
    PPP = "ppp", "政府与社会资本合作协议"
    INVESTMENT = "investment", "招商引资协议"
    PROCUREMENT = "procurement", "政府采购合同"
    OTHER = "other", "其他"


class CounterpartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class ContractState(models.TextChoices):
    DRAFT = "draft", "拟签订"
    SIGNED = "signed", "履行中"
    COMPLETED = "completed", "履行完毕"
    TERMINATED = "terminated", "解除（终止）"


SIGNED_STATES = {ContractState.SIGNED, ContractState.COMPLETED, ContractState.TERMINATED}


class DisputeResolution(models.TextChoices):
    NEGOTIATION = "negotiation", "协商"
    MEDIATION = "mediation", "调解"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    ARBITRATION = "arbitration", "仲裁"
