"""The local rules of 合法性审查 (a unit may set them within the bounds; core.rules reads them)."""

from fazhi.core.rules import RuleDef

RULES = [
    RuleDef("legality_min_working_days", "重大行政决策合法性审查最短时间（工作日）", 7, int,
            help="《重大行政决策程序暂行条例》第二十六条：审查时间一般不少于7个工作日。早于此出具意见的将被拒绝。",
            minimum=1, maximum=60),
    RuleDef("legality_max_working_days", "合法性审查最长时间（工作日）", 15, int,
            help="自接收送审材料之日起出具审查意见的期限；补充材料期间不计入。地方规定，可调整。", minimum=1, maximum=120),
]
