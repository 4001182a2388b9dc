"""The reconsideration registry on the 数据看板 (:mod:`fazhi.indicators.panels`): the figures a county's annual report
leads with (ORACLE.md §A), the cases received by month, how closed cases ended, the correction rate over the years,
the shares of the cases received, and the respondents ranked."""

from fazhi.indicators.panels import Intake, OutcomeChart, Panels, Part, Ranking, ShareChart, TrendLine

DASHBOARD = Panels(
    tiles=("reconsideration.received", "reconsideration.accepted", "reconsideration.closed", "reconsideration.corrected",
           "reconsideration.correction_rate", "reconsideration.mediation_rate", "reconsideration.resolution_rate",
           "reconsideration.on_time_rate"),
    intake=(Intake("reconsideration.received", "行政复议收案", "#a61b1b", "#d9a0a0"),),
    outcomes=(OutcomeChart("recon-outcomes", "行政复议审结情况", "reconsideration.closed", (
        Part("reconsideration.upheld", "维持", "#5b6b7c"), Part("reconsideration.request_rejected", "驳回复议请求", "#9aa9b8"),
        Part("reconsideration.application_dismissed", "驳回申请", "#c5ccd3"),
        Part("reconsideration.corrected", "直接纠错", "#a61b1b"), Part("reconsideration.mediated", "调解", "#c8963e"),
        Part("reconsideration.terminated", "终止", "#e3c58f"))),),
    trend=(TrendLine("reconsideration.correction_rate", "#a61b1b"),),
    shares=(ShareChart("reconsideration.by_respondent_level", "pie", 300), ShareChart("reconsideration.by_respondent", "hbar", 330),
            ShareChart("reconsideration.by_area", "hbar", 330), ShareChart("reconsideration.by_act_kind", "pie", 340)),
    rankings=(Ranking("reconsideration.received", "reconsideration.correction_rate", "respondent_org", "respondent_org__name",
                      ("被申请复议", "直接纠错率"), "被申请复议", "被申请人（复议）", "#a61b1b"),),
)
