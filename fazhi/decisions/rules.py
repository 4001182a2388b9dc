"""The local rules of 行政协议 (a unit may set them within the bounds; core.rules reads them)."""

from fazhi.core.rules import RuleDef

RULES = [
    RuleDef("contract_review_threshold", "行政协议合法性审查金额标准（元）", 1000000, int,
            help="合同金额超过该标准的行政协议，签订前须经合法性审查。", maximum=10**12),
    RuleDef("contract_filing_days", "行政协议备案期限（日）", 30, int, help="自签订之日起报司法局备案的期限（自然日）。",
            minimum=1, maximum=365),
]
