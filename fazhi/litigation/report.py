"""What the annual report takes from 行政应诉 (``reports/builder``): the first-instance lawsuits against the
reporting unit — for the county government against any of its units, with the 县政府单独被告 / 部门及乡镇 split —
in one paragraph of the theme 依法化解社会矛盾纠纷, and the suggestions they prompt."""

from fazhi.reports.builder import ROLES, FailedCheck, FullRate, Keys, RisingCount, RisingRate, Sentence
from fazhi.reports.choices import ReportSection

LAWSUITS = "litigation."
#: The split of the county government's report: suffix → whom it counts.
DEFENDANTS = ((".government", "县政府单独作为被告的"), (".departments", "部门及乡镇（街道）作为被告的"))

KEYS = [
    Keys(ROLES, [LAWSUITS + name for name in ("received", "closed_first_instance", "lost", "loss_rate", "mediated_or_withdrawn",
                                               "mediation_withdrawal_rate", "heard", "head_appeared", "head_appearance_rate")]),
    Keys(("government",), [LAWSUITS + name + suffix for suffix, _ in DEFENDANTS for name in ("closed_first_instance", "lost", "loss_rate")]),
]


def paragraph(facts):
    """The lawsuits received and decided, the losses, the mediated or withdrawn ones, and the heads' appearance
    in court; the county government's with the split by defendant, a unit's said even when there were none."""
    unit = facts.scope.role != "government"
    lead = "提升行政应诉工作水平"
    if not (facts.nz(LAWSUITS + "received") or facts.nz(LAWSUITS + "closed_first_instance") or facts.nz(LAWSUITS + "heard")):
        return (lead, "全年没有以本单位为被告的行政诉讼案件。") if unit else None
    who = "以本单位为被告的" if unit else ""
    body = f"全年收到{who}一审行政诉讼案件{facts.tok(LAWSUITS + 'received')}{facts.yoy(LAWSUITS + 'received')}"
    if facts.nz(LAWSUITS + "closed_first_instance"):
        body += f"；一审审结{facts.tok(LAWSUITS + 'closed_first_instance')}，败诉{facts.tok(LAWSUITS + 'lost')}"
        if facts.has(LAWSUITS + "loss_rate"):
            body += f"，败诉率{facts.tok(LAWSUITS + 'loss_rate')}{facts.yoy(LAWSUITS + 'loss_rate')}"
    body += "。"
    if not unit:
        clauses = []
        for suffix, whom in DEFENDANTS:
            if facts.nz(LAWSUITS + "closed_first_instance" + suffix):
                clause = (f"{whom}一审案件审结{facts.tok(LAWSUITS + 'closed_first_instance' + suffix)}，"
                          f"败诉{facts.tok(LAWSUITS + 'lost' + suffix)}")
                if facts.has(LAWSUITS + "loss_rate" + suffix):
                    clause += f"，败诉率{facts.tok(LAWSUITS + 'loss_rate' + suffix)}"
                clauses.append(clause)
        if clauses:
            body += "其中，" + "；".join(clauses) + "。"
    if facts.nz(LAWSUITS + "mediated_or_withdrawn"):
        body += f"一审调撤{facts.tok(LAWSUITS + 'mediated_or_withdrawn')}"
        if facts.has(LAWSUITS + "mediation_withdrawal_rate"):
            body += f"，调撤率{facts.tok(LAWSUITS + 'mediation_withdrawal_rate')}"
        body += "。"
    if facts.has(LAWSUITS + "head_appearance_rate"):
        rate = LAWSUITS + "head_appearance_rate"
        body += f"{'本单位' if unit else ''}行政机关负责人出庭应诉率{facts.tok(rate)}{facts.yoy(rate)}。"
    return lead, body


PARAGRAPHS = [Sentence("litigation", ReportSection.DISPUTES, ROLES, paragraph)]

SUGGESTIONS = [
    RisingRate(LAWSUITS + "loss_rate", "行政诉讼一审败诉率为{v}，{yoy}，部分行政机关依法行政意识和应诉能力仍需加强。",
               "落实败诉案件过错责任追究和行政争议实质性化解，力促行政诉讼败诉率下降。"),
    RisingRate(LAWSUITS + "loss_rate.government", "县政府单独作为被告的一审行政诉讼败诉率为{v}，{yoy}，重大行政行为的合法性把关仍需加强。",
               "严格落实合法性审查，从源头上减少县政府作为被告的败诉案件。"),
    RisingCount(LAWSUITS + "received", "行政诉讼一审收案{yoy}，行政争议源头治理仍需加强。",
                "发挥府院联动作用，加强行政争议诉前化解，推动行政诉讼发案量下降。"),
    FullRate(LAWSUITS + "head_appearance_rate", "行政机关负责人出庭应诉率为{v}，“应出尽出”的要求尚未完全落实。",
             "严格落实行政机关负责人出庭应诉制度，做到“应出尽出”“出庭出声”。"),
    FailedCheck(LAWSUITS + "defence_overdue", "部分行政应诉案件未在法定期限内提交答辩状，应诉工作规范化水平有待提高。",
                "落实行政应诉案件答辩期限提醒和督办，按期提交答辩状和证据材料。"),
]
