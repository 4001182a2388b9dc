"""The litigation registry on the 数据看板 (:mod:`fazhi.indicators.panels`): the figures of 行政应诉, the first-instance
suits received by month, how they ended, the loss rate over the years, and the defendants ranked by their cases and
by their loss rate."""

from fazhi.indicators.panels import Intake, OutcomeChart, Panels, Part, Ranking, RateRanking, TrendLine

DASHBOARD = Panels(
    tiles=("litigation.received", "litigation.closed_first_instance", "litigation.lost", "litigation.loss_rate",
           "litigation.mediation_withdrawal_rate", "litigation.heard", "litigation.head_appeared",
           "litigation.head_appearance_rate"),
    intake=(Intake("litigation.received", "行政诉讼收案（一审）", "#5b6b7c", "#aab4bf"),),
    outcomes=(OutcomeChart("lit-outcomes", "行政应诉一审审结情况", "litigation.closed_first_instance", (
        Part("litigation.won", "胜诉", "#5b6b7c"), Part("litigation.lost", "败诉", "#a61b1b"),
        Part("litigation.mediated_or_withdrawn", "调撤", "#c8963e"), Part("litigation.terminated", "裁定终结", "#c5ccd3"))),),
    trend=(TrendLine("litigation.loss_rate", "#5b6b7c"),),
    rankings=(Ranking("litigation.received", "litigation.loss_rate", "defendant_org", "defendant_org__name",
                      ("被诉（一审）", "一审败诉率"), "被诉", "被告（诉讼）", "#5b6b7c",
                      RateRanking("loss-ranking", "败诉/审结",
                                  "表格列出本期有一审审结案件的全部单位；审结件数少时比率波动大，请结合分子分母阅读。",
                                  "#5b6b7c", 340)),),
)
