"""The statutory periods of 行政复议 (《行政复议法》（2023）), seeded into the period table, where staff may amend
them; the registry computes every deadline with ``core.periods.due_date(start, period="reconsideration.…")``."""

from fazhi.core.choices import PeriodUnit

_FUXI = "《行政复议法》（2023）"
_CAL, _WORK, _MONTHS = PeriodUnit.CALENDAR_DAYS.value, PeriodUnit.WORKING_DAYS.value, PeriodUnit.MONTHS.value

PERIODS = [
    {
        "key": "reconsideration.application",
        "label": "申请行政复议期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第二十条第一款、第二款",
        "note": "自知道或者应当知道该行政行为之日起计算；法律规定的申请期限超过六十日的除外。"
        "因不可抗力或者其他正当理由耽误的，自障碍消除之日起继续计算（以中止记录处理）。",
    },
    {
        "key": "reconsideration.application_unnotified_max",
        "label": "未告知复议权利或期限时的最长申请期限",
        "length": 12,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十条第三款",
        "note": "行政机关未告知申请行政复议的权利、复议机关和申请期限的，申请期限自知道或者应当知道上述内容之日起计算，"
        "但自知道或者应当知道行政行为内容之日起最长不得超过一年。",
    },
    {
        "key": "reconsideration.absolute_real_property",
        "label": "不动产行政复议申请最长期限",
        "length": 240,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十一条",
        "note": "因不动产提出的行政复议申请自行政行为作出之日起超过二十年的，不予受理。",
    },
    {
        "key": "reconsideration.absolute_other",
        "label": "其他行政复议申请最长期限",
        "length": 60,
        "unit": _MONTHS,
        "basis": f"{_FUXI}第二十一条",
        "note": "其他行政复议申请自行政行为作出之日起超过五年的，不予受理。",
    },
    {
        "key": "reconsideration.acceptance",
        "label": "受理审查期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十条、第八十八条第二款",
        "note": "自收到行政复议申请之日起五个工作日内审查；期限届满未作出不予受理决定的，视为受理。",
    },
    {
        "key": "reconsideration.amendment_notice",
        "label": "通知补正期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十一条第一款、第八十八条第二款",
        "note": "自收到申请之日起五个工作日内书面通知申请人补正，一次性载明需要补正的事项。",
    },
    {
        "key": "reconsideration.amendment_supplement",
        "label": "申请人补正期限",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十一条第二款、第八十八条第二款",
        "note": "自收到补正通知之日起十个工作日内提交补正材料；有正当理由的可以延长；"
        "无正当理由逾期不补正的，视为放弃行政复议申请，并记录在案。",
    },
    {
        "key": "reconsideration.forward_by_penalising_agency",
        "label": "处罚机关转送复议申请期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第三十二条第二款、第八十八条第二款",
        "note": "当场作出或者依据电子技术监控设备记录的违法事实作出的行政处罚，行政机关认为需要维持的，"
        "自收到行政复议申请之日起五个工作日内转送行政复议机关。",
    },
    {
        "key": "reconsideration.copy_ordinary",
        "label": "发送申请书副本期限（普通程序）",
        "length": 7,
        "unit": _WORK,
        "basis": f"{_FUXI}第四十八条、第八十八条第二款",
        "note": "自行政复议申请受理之日起七个工作日内，将申请书副本或者申请笔录复印件发送被申请人。",
    },
    {
        "key": "reconsideration.reply_ordinary",
        "label": "被申请人答复期限（普通程序）",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第四十八条、第八十八条第二款",
        "note": "被申请人自收到申请书副本或者申请笔录复印件之日起十个工作日内提出书面答复，并提交证据、依据和其他材料。",
    },
    {
        "key": "reconsideration.copy_simplified",
        "label": "发送申请书副本期限（简易程序）",
        "length": 3,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十四条第一款、第八十八条第二款",
        "note": "自受理行政复议申请之日起三个工作日内，将申请书副本或者申请笔录复印件发送被申请人。",
    },
    {
        "key": "reconsideration.reply_simplified",
        "label": "被申请人答复期限（简易程序）",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十四条第一款、第八十八条第二款",
        "note": "被申请人自收到申请书副本或者申请笔录复印件之日起五个工作日内提出书面答复，并提交证据、依据和其他材料。",
    },
    {
        "key": "reconsideration.hearing_notice",
        "label": "听证通知期限",
        "length": 5,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十一条第一款、第八十八条第二款",
        "note": "倒算期间：应于举行听证的五个工作日前，将听证的时间、地点和拟听证事项书面通知当事人"
        "（最迟通知日可用 add_working_days(听证日, -5) 估算）。",
    },
    {
        "key": "reconsideration.incidental_review",
        "label": "规范性文件附带审查处理期限",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第五十六条、第五十七条",
        "note": "行政复议机关有权处理的，应当在三十日内依法处理（申请人申请附带审查或者复议机关认为依据不合法）。",
    },
    {
        "key": "reconsideration.incidental_transfer",
        "label": "规范性文件附带审查转送期限",
        "length": 7,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十六条、第五十七条、第八十八条第二款",
        "note": "行政复议机关无权处理的，应当在七个工作日内转送有权处理的行政机关、国家机关依法处理。",
    },
    {
        "key": "reconsideration.author_notice",
        "label": "通知制定机关答复期限",
        "length": 3,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十八条第一款、第八十八条第二款",
        "note": "行政复议机构自行政复议中止之日起三个工作日内，书面通知规范性文件或者依据的制定机关提出书面答复。",
    },
    {
        "key": "reconsideration.author_reply",
        "label": "制定机关书面答复期限",
        "length": 10,
        "unit": _WORK,
        "basis": f"{_FUXI}第五十八条第一款、第八十八条第二款",
        "note": "制定机关自收到书面通知之日起十个工作日内提交书面答复及相关材料。",
    },
    {
        "key": "reconsideration.transferee_reply",
        "label": "接受转送机关回复期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十条",
        "note": "接受转送的行政机关、国家机关自收到转送之日起六十日内，将处理意见回复转送的行政复议机关。",
    },
    {
        "key": "reconsideration.decision_ordinary",
        "label": "行政复议决定期限（普通程序）",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第一款",
        "note": "自受理申请之日起六十日内作出行政复议决定；法律规定的行政复议期限少于六十日的除外。",
    },
    {
        "key": "reconsideration.decision_simplified",
        "label": "行政复议决定期限（简易程序）",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第二款",
        "note": "自受理申请之日起三十日内作出行政复议决定。",
    },
    {
        "key": "reconsideration.extension_max",
        "label": "行政复议决定延长期限（最长）",
        "length": 30,
        "unit": _CAL,
        "basis": f"{_FUXI}第六十二条第一款",
        "note": "情况复杂的，经行政复议机构负责人批准可以适当延长，并书面告知当事人；延长期限最多不得超过三十日，"
        "自原决定期限届满之日起计算。",
    },
    {
        "key": "reconsideration.suspension_termination",
        "label": "中止满期终止期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第四十一条第（五）项",
        "note": "依照第三十九条第一款第一项、第二项、第四项中止行政复议满六十日，中止原因仍未消除的，终止行政复议。",
    },
    {
        "key": "reconsideration.sue_after_refusal",
        "label": "复议前置案件不予受理等情形的起诉期限",
        "length": 15,
        "unit": _CAL,
        "basis": f"{_FUXI}第三十四条",
        "note": "复议前置案件，行政复议机关决定不予受理、驳回申请或者受理后超过复议期限不作答复的，"
        "自收到决定书之日起或者行政复议期限届满之日起十五日内可以提起行政诉讼。",
    },
    {
        "key": "reconsideration.opinion_letter_followup",
        "label": "行政复议意见书整改情况报送期限",
        "length": 60,
        "unit": _CAL,
        "basis": f"{_FUXI}第七十六条",
        "note": "有关机关自收到行政复议意见书之日起六十日内，将纠正相关违法或者不当行政行为的情况报送行政复议机关。",
    },
]
