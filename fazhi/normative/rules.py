"""The local rules of 规范性文件 (a unit may set them within the bounds; core.rules reads them)."""

from fazhi.core.rules import RuleDef

RULES = [
    RuleDef("normative_filing_days", "规范性文件报备期限（日）", 30, int, help="自公布之日起报送备案的期限。", minimum=1, maximum=365),
    RuleDef("normative_validity_years", "规范性文件有效期（年）", 5, int, minimum=1, maximum=10),
    RuleDef("normative_interim_validity_years", "暂行、试行规范性文件有效期（年）", 2, int, minimum=1, maximum=5),
]
