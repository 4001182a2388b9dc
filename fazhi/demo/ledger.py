"""Demo work ledger (工作台账) of 示范县: what the county government, the Justice Bureau, several departments
and townships recorded in 2023, 2024, 2025 and this year to date — the measures, rules, meetings, campaigns,
trainings, honours and pilots that part one of an annual report is written from, and the leaders' 述法 and
first-responsible-person duties of part three. About thirty entries a year for the county as a whole, in
every report section, a few highlights each year, written in the register of the published reports.

Deterministic (fixed texts and figures, no random numbers) and idempotent (nothing is written when the demo
county already has ledger entries). Entries dated after ``today`` are left out: they have not happened yet.

No figure here repeats what the indicator engine computes from the registries (reconsideration and
litigation cases, legal advisers, normative documents, major decisions, legality reviews): the report
takes those from the engine."""

from datetime import date
from decimal import Decimal

from fazhi.core.models import Org, User
from fazhi.oversight.choices import EntryKind, ReportSection
from fazhi.oversight.models import LedgerEntry, LedgerFigure

YEARS = (2023, 2024, 2025, 2026)
#: The county head changed in mid-2025 (the 述法 of March 2025 is the outgoing head's).
HEAD_CHANGE = date(2025, 7, 1)
BUREAU_HEAD = "司法局党组书记、局长 黄国庆"
COMMITTEE_MEETING = {2023: "第五次", 2024: "第六次", 2025: "第七次", 2026: "第八次"}


def head(on):
    return "县长 周建明" if on < HEAD_CHANGE else "县长 陈立新"


def head_name(on):
    return head(on).split()[1]


def entry(org, on, section, kind, title, text, leader="", highlight=False, figures=()):
    """One ledger line: figures are (label, value, unit) or (label, value, unit, approximate)."""
    return {"org": org, "on": on, "section": section, "kind": kind, "title": title, "text": text, "leader": leader,
            "highlight": highlight, "figures": [f if len(f) == 4 else (*f, False) for f in figures]}


def recurring(y):
    """What every year's ledger has, with that year's figures."""

    def v(*values):
        """This year's figure from a row of four (2023, 2024, 2025, 2026)."""
        return dict(zip(YEARS, values, strict=True))[y]

    report = date(y, 3, 20)
    out = [
        entry("demo", date(y, 2, 18), ReportSection.OVERALL, EntryKind.RULE, f"印发{y}年度法治政府建设工作要点",
              f"制定《示范县{y}年度法治政府建设工作要点》，明确{v(36, 38, 35, 32)}项重点任务并逐项分解到责任单位，"
              "将法治政府建设纳入县政府年度目标责任制考核，考核结果作为领导班子和领导干部综合考核评价的重要依据。",
              figures=[("重点任务", v(36, 38, 35, 32), "项")]),
        entry("demo-sfj", date(y, 3, 8), ReportSection.OVERALL, EntryKind.MEETING, f"县委全面依法治县委员会{COMMITTEE_MEETING[y]}会议",
              f"提请召开县委全面依法治县委员会{COMMITTEE_MEETING[y]}会议，审议《示范县{y - 1}年度法治政府建设情况报告》"
              f"和《{y}年全面依法治县工作要点》，部署年度法治建设重点工作。"),
        entry("demo", date(y, 3, 8), ReportSection.PRINCIPAL_DUTY, EntryKind.LAW_REPORT, f"县长在县委全面依法治县委员会{COMMITTEE_MEETING[y]}会议上述法",
              f"县长{head_name(date(y, 3, 8))}在县委全面依法治县委员会{COMMITTEE_MEETING[y]}会议上，就{y - 1}年度履行推进法治建设"
              "第一责任人职责情况进行述法，逐项报告学法用法、依法决策、推进依法行政和化解行政争议情况，接受委员会成员现场评议，"
              "述法报告报县委依法治县办备案。", leader=head(date(y, 3, 8))),
        entry("demo", report, ReportSection.PRINCIPAL_DUTY, EntryKind.PRINCIPAL_DUTY, f"主持常务会议审议{y - 1}年度法治政府建设情况报告",
              f"县长{head_name(report)}主持召开县政府常务会议，专题听取{y - 1}年度法治政府建设情况汇报，审议通过《示范县{y - 1}年度"
              "法治政府建设情况报告》，要求报告于4月1日前向社会公开，对年度考核反馈问题逐条明确整改责任人和时限。",
              leader=head(report)),
        entry("demo", date(y, 12, 22), ReportSection.PRINCIPAL_DUTY, EntryKind.PRINCIPAL_DUTY, "带头尊法学法，推动领导干部学法常态化",
              f"县政府主要负责人带头尊法学法守法用法，全年县政府常务会议会前学法{v(12, 13, 12, 12)}次，"
              f"组织县政府组成部门主要负责人旁听行政案件庭审{v(2, 2, 3, 2)}次，举办领导干部法治专题讲座{v(2, 3, 3, 2)}场，"
              "推动学法制度化、常态化。", leader=head(date(y, 12, 22)),
              figures=[("常务会议会前学法", v(12, 13, 12, 12), "次"), ("旁听庭审", v(2, 2, 3, 2), "次"), ("领导干部法治专题讲座", v(2, 3, 3, 2), "场")]),
        entry("demo-sfj", date(y, 5, 30), ReportSection.PUBLICITY, EntryKind.CAMPAIGN, "民法典宣传月",
              "以“美好生活·民法典相伴”为主题开展民法典宣传月活动，组织普法讲师团深入村（社区）、企业、学校宣讲，"
              f"举办民法典专题讲座{v(46, 52, 55, 58)}场，覆盖群众{v(8600, 9300, 10200, 10500)}人次。",
              figures=[("民法典专题讲座", v(46, 52, 55, 58), "场"), ("覆盖群众", v(8600, 9300, 10200, 10500), "人次")]),
        entry("demo-sfj", date(y, 12, 4), ReportSection.PUBLICITY, EntryKind.CAMPAIGN, "“12·4”国家宪法日和“宪法宣传周”集中宣传",
              f"组织开展“12·4”国家宪法日和“宪法宣传周”集中宣传活动，举办宪法主题宣讲{v(38, 41, 45, 44)}场，"
              f"组织新任职领导干部宪法宣誓{v(85, 62, 97, 70)}人次，发放宣传资料{v(3.2, 3.5, 3.8, 3.6)}万余份。",
              figures=[("宪法主题宣讲", v(38, 41, 45, 44), "场"), ("新任职领导干部宪法宣誓", v(85, 62, 97, 70), "人次"),
                       ("发放宣传资料", Decimal(str(v(3.2, 3.5, 3.8, 3.6))), "万份", True)]),
        entry("demo-sfj", date(y, 12, 26), ReportSection.PUBLICITY, EntryKind.MEASURE, f"{y}年普法宣传总体情况",
              "落实“谁执法谁普法”普法责任制，发布全县各单位年度普法责任清单，"
              f"全年举办法治讲座{v(129, 137, 142, 150)}场，开展各类主题普法活动{v(343, 361, 378, 390)}场，"
              f"发放普法宣传资料{v(35, 33, 31, 30)}万余份。",
              figures=[("举办法治讲座", v(129, 137, 142, 150), "场"), ("开展主题普法活动", v(343, 361, 378, 390), "场"),
                       ("发放普法宣传资料", v(35, 33, 31, 30), "万份", True)]),
        entry("demo-sfj", date(y, 6, 21), ReportSection.ENFORCEMENT, EntryKind.TRAINING, "全县行政执法人员综合法律知识培训",
              "举办全县行政执法人员综合法律知识培训班，围绕《行政处罚法》《行政许可法》和行政执法“三项制度”开展专题授课，"
              f"{v(412, 436, 458, 470)}名执法人员参训；组织行政执法资格考试，{v(156, 143, 168, 151)}人参考。",
              figures=[("参训执法人员", v(412, 436, 458, 470), "人次"), ("行政执法资格考试参考", v(156, 143, 168, 151), "人")]),
        entry("demo-sfj", date(y, 9, 26), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "行政执法案卷评查",
              f"组织开展全县行政执法案卷评查，抽查{v(12, 14, 15, 16)}家执法单位行政处罚、行政许可案卷{v(78, 92, 105, 110)}卷，"
              f"发现问题{v(63, 58, 47, 41)}个，制发行政执法监督意见书{v(20, 17, 15, 12)}份，督促相关单位逐项整改。",
              figures=[("抽查执法单位", v(12, 14, 15, 16), "家"), ("评查案卷", v(78, 92, 105, 110), "卷"),
                       ("发现问题", v(63, 58, 47, 41), "个"), ("制发监督意见书", v(20, 17, 15, 12), "份")]),
        entry("demo-sfj", date(y, 10, 31), ReportSection.OVERALL, EntryKind.CAMPAIGN, "法治政府建设与责任落实督察",
              "对照《法治政府建设与责任落实督察工作规定》，采取查阅台账、个别访谈、随机抽查案卷等方式，"
              f"对{v(8, 9, 10, 10)}个县直部门和{v(4, 4, 5, 5)}个乡镇（街道）开展法治政府建设督察，反馈问题{v(31, 27, 24, 22)}条，"
              "逐条建立整改台账，整改情况纳入年度考核。",
              figures=[("督察单位", v(12, 13, 15, 15), "个"), ("反馈问题", v(31, 27, 24, 22), "条")]),
        entry("demo-sfj", date(y, 6, 12), ReportSection.DISPUTES, EntryKind.MEETING, "府院联席会议",
              "与县人民法院召开行政争议实质性化解府院联席会议，通报年度行政审判情况，分析行政机关败诉案件成因，"
              "明确重点领域风险提示和类案指导，推动行政争议源头预防和实质化解。"),
        entry("demo-sfj", date(y, 11, 28), ReportSection.GRASSROOTS, EntryKind.MEASURE, "“一村（社区）一法律顾问”服务",
              "深化“一村（社区）一法律顾问”制度，村（社区）法律顾问驻村坐班、结对服务，"
              f"全年开展法治讲座{v(215, 228, 236, 240)}场，提供法律咨询{v(3120, 3480, 3655, 3710)}人次，协助起草审查村规民约和合同{v(186, 201, 214, 220)}份。",
              figures=[("村（社区）法治讲座", v(215, 228, 236, 240), "场"), ("法律咨询", v(3120, 3480, 3655, 3710), "人次"),
                       ("起草审查村规民约和合同", v(186, 201, 214, 220), "份")]),
        entry("demo-sfj", date(y, 12, 18), ReportSection.PRINCIPAL_DUTY, EntryKind.PRINCIPAL_DUTY, "局主要负责人履行法治建设第一责任人职责",
              f"局主要负责人全年主持召开局党组会议{v(5, 6, 6, 5)}次专题研究法治建设工作，将学习贯彻习近平法治思想列入局党组会“第一议题”，"
              "对法治督察、执法监督和行政争议化解中的重点难点问题亲自部署、亲自协调、亲自督办。",
              leader=BUREAU_HEAD, figures=[("局党组会议专题研究法治建设", v(5, 6, 6, 5), "次")]),
        entry("demo-d07", date(y, 1, 20), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "根治欠薪冬季专项行动",
              f"开展根治欠薪冬季专项行动，检查用人单位{v(268, 295, 310, 302)}家，为{v(1126, 983, 874, 812)}名劳动者追讨工资"
              f"{v(1523.6, 1310.4, 1186.2, 1092.5)}万元，依法向公安机关移送涉嫌拒不支付劳动报酬案件{v(3, 2, 2, 1)}件。",
              figures=[("检查用人单位", v(268, 295, 310, 302), "家"), ("追讨欠薪劳动者", v(1126, 983, 874, 812), "人"),
                       ("追讨工资", Decimal(str(v(1523.6, 1310.4, 1186.2, 1092.5))), "万元"), ("移送涉嫌拒不支付劳动报酬案件", v(3, 2, 2, 1), "件")]),
        entry("demo-d08", date(y, 9, 1), ReportSection.PUBLICITY, EntryKind.MEASURE, "“开学法治第一课”",
              f"全县{v(63, 63, 62, 62)}所中小学配齐法治副校长，开学季开展“开学法治第一课”{v(126, 131, 128, 130)}场，"
              f"覆盖师生{v(4.1, 4.2, 4.2, 4.1)}万人次。",
              figures=[("配备法治副校长的中小学", v(63, 63, 62, 62), "所"), ("开学法治第一课", v(126, 131, 128, 130), "场"),
                       ("覆盖师生", Decimal(str(v(4.1, 4.2, 4.2, 4.1))), "万人次")]),
        entry("demo-d01", date(y, 4, 15), ReportSection.PUBLICITY, EntryKind.CAMPAIGN, "“4·15”全民国家安全教育日宣传",
              "围绕“4·15”全民国家安全教育日，在城区广场、校园和企业开展国家安全法治宣传，"
              f"设置咨询点{v(18, 20, 22, 22)}个，发放宣传资料{v(1.5, 1.6, 1.8, 1.8)}万余份。",
              figures=[("设置咨询点", v(18, 20, 22, 22), "个"), ("发放宣传资料", Decimal(str(v(1.5, 1.6, 1.8, 1.8))), "万份", True)]),
        entry("demo-t01", date(y, 7, 10), ReportSection.GRASSROOTS, EntryKind.MEASURE, "“法治带头人”“法律明白人”培养",
              f"实施村（社区）“法治带头人”“法律明白人”培养工程，全镇培养“法律明白人”{v(186, 204, 221, 230)}名，"
              f"开展集中培训{v(4, 5, 5, 4)}期，发挥其在政策宣讲、纠纷化解中的作用。",
              figures=[("培养“法律明白人”", v(186, 204, 221, 230), "名"), ("集中培训", v(4, 5, 5, 4), "期")]),
        entry("demo", date(y, 1, 10), ReportSection.OTHER, EntryKind.MEASURE, f"报送{y - 1}年度政府信息公开工作年度报告",
              f"按照《政府信息公开条例》规定的时限，汇总各部门、各乡镇（街道）报告，编制并公开《示范县人民政府{y - 1}年政府信息公开工作年度报告》，"
              "与法治政府建设年度报告分别编制、分别公开。"),
    ]
    return out


def year_specific(y):
    """What happened in one year only."""
    if y == 2023:
        return [
            entry("demo", date(2023, 11, 6), ReportSection.ENFORCEMENT, EntryKind.RULE, "印发提升行政执法质量三年行动实施方案",
                  "贯彻国务院办公厅《提升行政执法质量三年行动计划（2023—2025年）》，制定《示范县提升行政执法质量三年行动实施方案》，"
                  "明确执法队伍素质提升、执法突出问题整治、执法监督体系建设等5方面18项任务。", highlight=True,
                  figures=[("重点任务", 18, "项")]),
            entry("demo-sfj", date(2023, 8, 25), ReportSection.PUBLICITY, EntryKind.CAMPAIGN, "“八五”普法中期评估",
                  "开展“八五”普法中期评估，对15个县直部门和10个乡镇（街道）普法责任制落实情况逐项检查，"
                  "形成中期评估报告和问题清单，以县委依法治县办名义通报评估结果，顺利通过省、市中期评估实地检查。",
                  highlight=True, figures=[("评估单位", 25, "个")]),
            entry("demo-t06", date(2023, 5, 16), ReportSection.ENFORCEMENT, EntryKind.PILOT, "列入省级乡镇行政执法协调监督工作体系建设试点",
                  "青石镇被省司法厅列为乡镇（街道）行政执法协调监督工作体系建设试点，在镇司法所设立行政执法协调监督室，"
                  "建立镇级执法监督“一张清单、一套流程、一本台账”，实现对镇综合行政执法队执法活动全过程监督。", highlight=True),
            entry("demo", date(2023, 4, 12), ReportSection.DECISION, EntryKind.RULE, "修订重大行政决策程序实施办法",
                  "修订《示范县人民政府重大行政决策程序实施办法》，细化公众参与、专家论证、风险评估、合法性审查和集体讨论决定的程序要求，"
                  "明确决策事项目录管理和决策后评估的启动情形。"),
            entry("demo", date(2023, 6, 28), ReportSection.DECISION, EntryKind.MEASURE, "建立重大行政决策全过程记录制度",
                  "建立重大行政决策全过程记录和材料归档制度，决策承办单位对决策启动、公众参与、专家论证、风险评估、合法性审查、"
                  "集体讨论等环节的材料逐项立卷，决策后及时归档。"),
            entry("demo-d06", date(2023, 3, 30), ReportSection.ENFORCEMENT, EntryKind.MEASURE, "深化乡镇（街道）“一支队伍管执法”改革",
                  "深化乡镇（街道）“一支队伍管执法”改革，将第二批186项行政执法事项赋权乡镇（街道）实施，"
                  "开展“县乡结对、以案代训”，组织乡镇执法人员跟班学习。",
                  figures=[("赋权乡镇执法事项", 186, "项"), ("跟班学习乡镇执法人员", 64, "人")]),
            entry("demo-t01", date(2023, 12, 15), ReportSection.GRASSROOTS, EntryKind.HONOUR, "东溪村被命名为全国民主法治示范村",
                  "城关镇东溪村被司法部、民政部命名为第九批“全国民主法治示范村（社区）”，全县新增省级民主法治村（社区）4个。",
                  highlight=True, figures=[("新增省级民主法治村（社区）", 4, "个")]),
            entry("demo-t02", date(2023, 10, 18), ReportSection.DISPUTES, EntryKind.MEASURE, "街道社会矛盾纠纷调处化解中心实体化运行",
                  "推动东城街道社会矛盾纠纷调处化解中心实体化运行，整合司法所、派出所、综治中心和律师调解力量，"
                  "实行“一窗受理、分流交办、限时办结”，推动矛盾纠纷就地化解。"),
            entry("demo-t04", date(2023, 3, 8), ReportSection.PRINCIPAL_DUTY, EntryKind.LAW_REPORT, "南山镇镇长述法",
                  "南山镇镇长在县委全面依法治县委员会第五次会议上述法，报告2022年度履行推进法治建设第一责任人职责情况，"
                  "针对镇村合同管理不规范的问题作出整改承诺。", leader="南山镇党委副书记、镇长 孙海峰"),
            entry("demo-d12", date(2023, 6, 30), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "安全生产“双随机、一公开”执法检查",
                  "推行安全生产“双随机、一公开”监管，随机抽取检查对象和执法人员，全年开展执法检查438家次，"
                  "检查结果全部通过“互联网+监管”平台公示。", figures=[("执法检查", 438, "家次")]),
        ]
    if y == 2024:
        return [
            entry("demo-sfj", date(2024, 1, 5), ReportSection.DISPUTES, EntryKind.TRAINING, "新修订《行政复议法》施行专题培训",
                  "新修订《行政复议法》于2024年1月1日起施行，举办全县行政复议应诉工作专题培训，邀请省司法厅专家逐条解读修订内容，"
                  "全县行政机关分管负责人和法制工作人员参训。", highlight=True, figures=[("参训人员", 236, "人次")]),
            entry("demo-sfj", date(2024, 4, 18), ReportSection.GRASSROOTS, EntryKind.PILOT, "在司法所设立行政复议受理点",
                  "在全县10个司法所设立行政复议受理点，群众可就近提交行政复议申请，受理点工作人员当场登记、指导补正并转交复议机构，"
                  "打通行政复议服务群众“最后一公里”。", highlight=True, figures=[("设立行政复议受理点", 10, "个")]),
            entry("demo", date(2024, 5, 22), ReportSection.DECISION, EntryKind.RULE, "出台行政规范性文件管理办法",
                  "出台《示范县行政规范性文件管理办法》，规定起草、征求意见、合法性审核、集体审议、公布和备案的程序，"
                  "明确未经合法性审核或审核不合法的文件不得提交集体审议。"),
            entry("demo-d02", date(2024, 3, 15), ReportSection.ENFORCEMENT, EntryKind.RULE, "制定市场监管领域轻微违法行为不予处罚清单",
                  "推行包容审慎监管，制定《示范县市场监管领域轻微违法行为不予处罚和减轻处罚清单》，涵盖事项42项，"
                  "对首次轻微违法且及时改正的经营主体依法不予处罚，全年适用清单办理案件57件。", highlight=True,
                  figures=[("清单事项", 42, "项"), ("适用清单办理案件", 57, "件")]),
            entry("demo", date(2024, 8, 9), ReportSection.ENFORCEMENT, EntryKind.MEASURE, "推行涉企行政检查“综合查一次”",
                  "推行涉企行政检查“综合查一次”，由牵头部门统筹同一检查对象的多项检查事项，"
                  "全年联合检查场景32个，减少对企业重复检查1260余次。",
                  figures=[("联合检查场景", 32, "个"), ("减少重复检查", 1260, "次", True)]),
            entry("demo-sfj", date(2024, 11, 20), ReportSection.OVERALL, EntryKind.HONOUR, "县司法局获评全省司法行政系统先进集体",
                  "县司法局被省司法厅评为全省司法行政系统先进集体，青石镇司法所被评为省级“枫桥式”司法所。", highlight=True),
            entry("demo-t02", date(2024, 6, 26), ReportSection.DISPUTES, EntryKind.PILOT, "“共享法庭”与调解工作室联动",
                  "东城街道依托“共享法庭”和派驻调解工作室，建立诉前调解、司法确认联动机制，"
                  "邀请法官线上指导调解员办理婚姻家庭、邻里纠纷。"),
            entry("demo-d01", date(2024, 12, 10), ReportSection.PRINCIPAL_DUTY, EntryKind.PRINCIPAL_DUTY, "公安局主要负责人推进执法规范化",
                  "县公安局主要负责人履行法治建设第一责任人职责，主持召开局党委会议4次研究执法规范化建设，"
                  "推动执法办案管理中心“一站式”运行，亲自督办执法质量考评发现问题整改。",
                  leader="县公安局党委书记、局长 吴志刚", figures=[("局党委会议研究执法规范化", 4, "次")]),
            entry("demo-t04", date(2024, 9, 12), ReportSection.GRASSROOTS, EntryKind.MEASURE, "村级小微权力清单运行",
                  "南山镇在全部村（社区）推行村级小微权力清单，公开村级重大事项决策、集体资产处置等事项的办理流程，"
                  "镇司法所对村级合同开展法律审查。", figures=[("村级合同法律审查", 73, "份")]),
            entry("demo-d09", date(2024, 7, 15), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "医疗机构依法执业专项检查",
                  "开展医疗机构依法执业专项检查，检查医疗机构215家，对发现的问题实行清单化整改，典型案例在县政府门户网站公开。",
                  figures=[("检查医疗机构", 215, "家")]),
        ]
    if y == 2025:
        return [
            entry("demo", date(2025, 4, 8), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "规范涉企行政执法专项行动",
                  "开展规范涉企行政执法专项行动，聚焦乱收费、乱罚款、乱检查、乱查封和趋利性执法等突出问题，"
                  "排查问题线索47条，督促整改问题41个，为经营主体挽回经济损失326.5万元。", highlight=True,
                  figures=[("排查问题线索", 47, "条"), ("督促整改问题", 41, "个"), ("挽回经济损失", Decimal("326.5"), "万元")]),
            entry("demo-sfj", date(2025, 10, 16), ReportSection.PUBLICITY, EntryKind.MEASURE, "“八五”普法总结验收",
                  "开展“八五”普法总结验收，对全县25个单位普法规划执行情况进行检查评估，评选普法工作先进集体12个、先进个人30名，"
                  "系统总结五年普法工作经验。", highlight=True,
                  figures=[("检查评估单位", 25, "个"), ("先进集体", 12, "个"), ("先进个人", 30, "名")]),
            entry("demo", date(2025, 9, 19), ReportSection.OVERALL, EntryKind.MEASURE, "《法治政府建设实施纲要（2021—2025年）》实施情况总结评估",
                  "对照《法治政府建设实施纲要（2021—2025年）》和省、市实施方案，开展示范县落实情况总结评估，"
                  "逐项梳理任务完成情况，形成总结评估报告报市委依法治市办。"),
            entry("demo", date(2025, 11, 14), ReportSection.OVERALL, EntryKind.HONOUR, "命名为省级法治政府建设示范县",
                  "示范县被省委全面依法治省委员会命名为第三批省级法治政府建设示范县（市、区）。", highlight=True),
            entry("demo", date(2025, 12, 5), ReportSection.PRINCIPAL_DUTY, EntryKind.PRINCIPAL_DUTY, "县长赴司法局调研法治政府建设",
                  "县长陈立新赴县司法局调研，听取法治政府建设示范创建和“九五”普法规划编制情况汇报，"
                  "协调解决乡镇合法性审查力量不足问题，明确增加司法所专职人员。", leader="县长 陈立新"),
            entry("demo-sfj", date(2025, 3, 8), ReportSection.PRINCIPAL_DUTY, EntryKind.LAW_REPORT, "司法局局长述法",
                  "司法局局长在县委全面依法治县委员会第七次会议上述法，报告2024年度统筹推进全县法治政府建设、"
                  "履行行政复议和执法监督职责情况，接受现场评议。", leader=BUREAU_HEAD),
            entry("demo-d02", date(2025, 6, 18), ReportSection.ENFORCEMENT, EntryKind.MEASURE, "推行“扫码入企”检查",
                  "推行涉企行政检查“扫码入企”，执法人员入企检查前扫码登记检查事项和依据，企业可扫码评价，"
                  "全年扫码检查1380余次，无依据检查实现“零发生”。", figures=[("扫码检查", 1380, "次", True)]),
            entry("demo-t09", date(2025, 8, 20), ReportSection.GRASSROOTS, EntryKind.PILOT, "“村民说事”议事协商",
                  "桃源镇在12个村推行“村民说事”议事协商制度，村级重大事项先议后决，司法所和村法律顾问列席提供法律意见。",
                  figures=[("推行村", 12, "个")]),
            entry("demo", date(2025, 7, 24), ReportSection.DECISION, EntryKind.MEASURE, "开展重大行政决策后评估",
                  "对《示范县城区公共停车设施收费管理办法》实施情况开展决策后评估，委托第三方机构通过问卷调查、实地走访等方式"
                  "收集意见，根据评估结论调整部分路段收费时段。", figures=[("回收调查问卷", 1860, "份")]),
            entry("demo-t02", date(2025, 5, 9), ReportSection.DISPUTES, EntryKind.HONOUR, "调解工作室获评省级金牌人民调解工作室",
                  "东城街道“老杨调解工作室”被评为省级金牌人民调解工作室。"),
            entry("demo-d07", date(2025, 7, 3), ReportSection.DISPUTES, EntryKind.MEASURE, "劳动人事争议“一站式”联调",
                  "与县人民法院、县总工会建立劳动人事争议“一站式”联调机制，仲裁、调解、诉讼对接，推动劳动争议源头化解。"),
        ]
    if y == 2026:
        return [
            entry("demo", date(2026, 2, 26), ReportSection.OVERALL, EntryKind.RULE, "制定法治政府建设实施方案（2026—2030年）",
                  "制定《示范县法治政府建设实施方案（2026—2030年）》，明确“十五五”时期法治政府建设的目标任务和8方面32项重点举措，"
                  "作为今后五年法治政府建设的总体规划。", highlight=True, figures=[("重点举措", 32, "项")]),
            entry("demo-sfj", date(2026, 4, 22), ReportSection.PUBLICITY, EntryKind.RULE, "印发“九五”普法规划",
                  "提请县委、县政府转发《示范县法治宣传教育第九个五年规划（2026—2030年）》，同步出台国家机关“谁执法谁普法”责任清单，"
                  "启动“九五”普法。", highlight=True),
            entry("demo-sfj", date(2026, 6, 30), ReportSection.ENFORCEMENT, EntryKind.PILOT, "县乡一体行政执法监督平台上线",
                  "建成县乡一体行政执法监督平台，执法案件网上办理、执法数据实时汇聚，司法所可在线监督乡镇执法，"
                  "首批接入执法单位26家。", highlight=True, figures=[("接入执法单位", 26, "家")]),
            entry("demo-d01", date(2026, 5, 14), ReportSection.ENFORCEMENT, EntryKind.MEASURE, "执法办案“智慧监督”",
                  "县公安局上线执法办案“智慧监督”系统，对受案、立案、强制措施、涉案财物等关键环节自动预警，"
                  "上半年推送预警信息312条，均已核查处置。", figures=[("推送预警信息", 312, "条")]),
            entry("demo-t04", date(2026, 3, 8), ReportSection.PRINCIPAL_DUTY, EntryKind.LAW_REPORT, "南山镇镇长述法",
                  "南山镇镇长在县委全面依法治县委员会第八次会议上述法，报告2025年度履行推进法治建设第一责任人职责情况，"
                  "通报村级合同法律审查全覆盖情况。", leader="南山镇党委副书记、镇长 孙海峰"),
            entry("demo-d06", date(2026, 8, 12), ReportSection.ENFORCEMENT, EntryKind.TRAINING, "乡镇综合执法人员实操培训",
                  "组织乡镇（街道）综合行政执法人员开展“每月一课”实操培训，采取案例教学、模拟执法等方式，"
                  "全年计划培训12期，已完成8期。", figures=[("已完成培训", 8, "期"), ("参训人员", 320, "人次")]),
            entry("demo", date(2026, 1, 30), ReportSection.DECISION, EntryKind.MEASURE, "公布年度重大行政决策事项目录",
                  "经县政府常务会议审议，向社会公布示范县2026年度重大行政决策事项目录，明确每项决策的承办单位、"
                  "公众参与方式和计划完成时间，实行目录化管理。"),
            entry("demo-sfj", date(2026, 7, 16), ReportSection.DISPUTES, EntryKind.MEASURE, "行政复议“繁简分流”",
                  "推行行政复议案件“繁简分流”，对事实清楚、争议不大的案件适用简易程序快审快结，"
                  "对重大疑难案件提请行政复议委员会咨询，提高行政复议办案质效。"),
            entry("demo-d12", date(2026, 4, 28), ReportSection.ENFORCEMENT, EntryKind.CAMPAIGN, "安全生产治本攻坚执法检查",
                  "开展安全生产治本攻坚执法检查，聚焦危险化学品、建筑施工、燃气等重点行业领域，"
                  "检查生产经营单位286家，依法立案查处违法行为19起。",
                  figures=[("检查生产经营单位", 286, "家"), ("立案查处违法行为", 19, "起")]),
            entry("demo-t01", date(2026, 10, 15), ReportSection.DISPUTES, EntryKind.MEASURE, "“和事佬”志愿调解队",
                  "城关镇组建由退休干部、乡贤、网格员组成的“和事佬”志愿调解队，"
                  "在村（社区）开展矛盾纠纷排查和上门调解，做到小事不出村、大事不出镇。"),
            entry("demo-t06", date(2026, 9, 24), ReportSection.GRASSROOTS, EntryKind.HONOUR, "青石镇获评市级法治建设示范乡镇",
                  "青石镇被市委依法治市办评为市级法治建设示范乡镇（街道）。"),
        ]
    return []


def entries(y):
    return recurring(y) + year_specific(y)


def build(county, today):
    """Create the demo ledger unless the demo county already has ledger entries. Returns the number created."""
    if LedgerEntry.objects.filter(org__path__startswith=county.path).exists():
        return 0
    orgs = {o.code: o for o in Org.objects.filter(path__startswith=county.path)}
    users = {u.username: u for u in User.objects.filter(username__in=["bureau", "dept1", "station1"])}
    author = {"demo-d01": users.get("dept1")}
    created = 0
    for y in YEARS:
        if y > today.year:
            break
        for e in sorted(entries(y), key=lambda e: (e["on"], e["org"], e["title"])):
            if e["on"] > today:
                continue
            user = author.get(e["org"], users.get("bureau"))
            obj = LedgerEntry.objects.create(
                org=orgs[e["org"]], happened_on=e["on"], section=e["section"], kind=e["kind"], title=e["title"], text=e["text"],
                leader=e["leader"], highlight=e["highlight"], created_by=user, updated_by=user,
            )
            LedgerFigure.objects.bulk_create(
                LedgerFigure(entry=obj, label=label, value=Decimal(str(value)), unit=unit, approximate=approx)
                for label, value, unit, approx in e["figures"]
            )
            created += 1
    return created
