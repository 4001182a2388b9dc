"""The demo county 示范县: its org tree, accounts and records. Deterministic (a seeded random generator,
fixed dates) and idempotent (natural keys; re-running changes nothing)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from fazhi.core.choices import OrgKind
from fazhi.core.models import Membership, Org, User
from fazhi.core.roles import ensure_roles

DEFAULT_PASSWORD = "Demo#2026pass"

DEPARTMENTS = [
    ("gaj", "示范县公安局", "示公"),
    ("scjg", "示范县市场监督管理局", "示市监"),
    ("zrzy", "示范县自然资源和规划局", "示自然"),
    ("zj", "示范县住房和城乡建设局", "示住建"),
    ("jt", "示范县交通运输局", "示交"),
    ("zhzf", "示范县综合行政执法局", "示综执"),
    ("rs", "示范县人力资源和社会保障局", "示人社"),
    ("jy", "示范县教育局", "示教"),
    ("wj", "示范县卫生健康局", "示卫健"),
    ("hb", "示范县生态环境分局", "示环"),
    ("ny", "示范县农业农村局", "示农"),
    ("yj", "示范县应急管理局", "示应急"),
    ("cz", "示范县财政局", "示财"),
    ("mz", "示范县民政局", "示民"),
    ("wg", "示范县文化和广电旅游体育局", "示文旅"),
]
TOWNSHIPS = ["城关镇", "东城街道", "西城街道", "南山镇", "北湖镇", "青石镇", "白沙乡", "黄泥乡", "桃源镇", "杏花镇"]

# username: (name, role codes, org code, title)
ACCOUNTS = {
    "admin": ("系统管理员", ["system_admin"], "demo-sfj", "信息科"),
    "secadmin": ("安全管理员", ["security_admin"], "demo-sfj", "信息科"),
    "auditor": ("安全审计员", ["auditor"], "demo-sfj", "机关党委"),
    "bureau": ("王建华", ["bureau_admin"], "demo-sfj", "法治督察科科长"),
    "section": ("李敏", ["section_staff"], "demo-sfj", "行政复议与应诉科"),
    "station1": ("陈晓东", ["station_staff"], "demo-s01", "司法所所长"),
    "station2": ("周丽娟", ["station_staff"], "demo-s02", "司法所工作人员"),
    "dept1": ("赵强", ["department_liaison"], "demo-d01", "法制科"),
    "leader": ("刘志远", ["leader"], "demo", "副县长"),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志文斌宁晨晓东海燕"
FIRMS = ["浙江示范律师事务所", "浙江正衡律师事务所", "浙江金道律师事务所", "浙江君安律师事务所", "示范县法律援助中心", "浙江天册律师事务所"]
SERVICES = ["重大行政决策法律论证", "行政规范性文件合法性审查", "行政协议审查", "行政复议和行政诉讼代理", "信访及矛盾纠纷化解", "日常法律咨询", "领导干部学法讲座"]


def _org(code, name, kind, parent, short_name="", serves=None, order=0):
    org, _ = Org.objects.update_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "parent": parent, "short_name": short_name, "serves": serves, "sort_order": order},
    )
    return org


def build_orgs():
    province = _org("zj", "示范省", OrgKind.PROVINCE, None, "示省")
    city = _org("zj-city", "示范市", OrgKind.CITY, province, "示市")
    county = _org("demo", "示范县人民政府", OrgKind.GOVERNMENT, city, "示政")
    bureau = _org("demo-sfj", "示范县司法局", OrgKind.BUREAU, county, "示司", order=1)
    for i, (_, name, short) in enumerate(DEPARTMENTS, start=1):
        _org(f"demo-d{i:02d}", name, OrgKind.DEPARTMENT, county, short, order=10 + i)
    for i, name in enumerate(TOWNSHIPS, start=1):
        township = _org(f"demo-t{i:02d}", f"示范县{name}人民政府" if name.endswith(("镇", "乡")) else f"示范县{name}办事处", OrgKind.TOWNSHIP, county, name[:2], order=40 + i)
        _org(f"demo-s{i:02d}", f"示范县司法局{name}司法所", OrgKind.STATION, bureau, f"{name[:2]}所", serves=township, order=70 + i)
    return county


def build_accounts(county, password):
    roles = ensure_roles(custom_root=county)
    for username, (name, role_codes, org_code, title) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": name})
        if created or password is not None:
            user.set_password(password or DEFAULT_PASSWORD)
        user.full_name = name
        user.must_change_password = False  # demo accounts; real accounts must change the password first
        user.is_staff = bool({"system_admin", "security_admin", "bureau_admin"} & set(role_codes))
        org = Org.objects.get(code=org_code)
        user.active_org = user.active_org or org
        user.save()
        m, _ = Membership.objects.get_or_create(user=user, org=org, defaults={"title": title})
        m._audited = True
        m.roles.set([roles[c] for c in role_codes])
    # 兼职: the section staff member also serves at the first township's station.
    section = User.objects.get(username="section")
    m, _ = Membership.objects.get_or_create(user=section, org=Org.objects.get(code="demo-s01"), defaults={"title": "驻所指导"})
    m._audited = True
    m.roles.set([roles["station_staff"]])


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build_advisers(county, today):
    """Every government, department and township engages one to three advisers a year, 2023 to today;
    the bureau and a few departments also have government lawyers."""
    from fazhi.advisers.choices import AdviserKind
    from fazhi.advisers.models import LegalAdviser

    rng = random.Random(20230101)
    orgs = list(Org.objects.filter(path__startswith=county.path, kind__in=[OrgKind.GOVERNMENT, OrgKind.BUREAU, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP]).order_by("path"))
    created = 0
    for year in range(2023, today.year + 1):
        for org in orgs:
            for k in range(rng.choice((1, 1, 2, 3))):
                start = date(year, 1, 1) + timedelta(days=rng.randrange(0, 60))
                end = date(year, 12, 31) if rng.random() < 0.8 else start + timedelta(days=rng.choice((364, 729)))
                kind = AdviserKind.GOVERNMENT_LAWYER if (org.kind == OrgKind.BUREAU or k == 2) and rng.random() < 0.6 else AdviserKind.LEGAL_ADVISER
                name = person(rng)
                firm = org.name if kind == AdviserKind.GOVERNMENT_LAWYER else rng.choice(FIRMS)
                license_no = f"1{rng.randrange(10**15, 10**16)}"
                phone = f"13{rng.randrange(10**8, 10**9)}"
                services = "、".join(rng.sample(SERVICES, 3))
                fee = Decimal(rng.choice((30000, 50000, 60000, 80000, 100000))) if kind == AdviserKind.LEGAL_ADVISER else None
                if start > today:
                    continue
                _, was_created = LegalAdviser.objects.get_or_create(
                    org=org, name=name, contract_start=start,
                    defaults={"kind": kind, "firm": firm, "license_no": license_no, "phone": phone, "contract_end": end, "fee": fee, "scope_of_service": services},
                )
                created += was_created
    # Two contracts that end within the next fortnight, so that 我的待办 shows something on any day.
    for code, name, days in (("demo-sfj", "郑海燕", 5), ("demo-t01", "孙建国", 6), ("demo-t02", "韩晓明", 3)):
        org = Org.objects.get(code=code)
        _, was_created = LegalAdviser.objects.update_or_create(
            org=org, name=name, contract_start=date(today.year, 1, 1) if today.month > 1 else date(today.year - 1, 1, 1),
            defaults={"kind": AdviserKind.LEGAL_ADVISER, "firm": FIRMS[0], "license_no": "13307201810123456", "phone": "13905791234",
                      "contract_end": today + timedelta(days=days), "fee": Decimal("60000"), "scope_of_service": "日常法律咨询、行政协议审查"},
        )
        created += was_created
    return created


BASELINES_2022 = {
    # The county's 2022 report, published before the platform existed: the base of 2023's year-on-year.
    "reconsideration.received": 104, "reconsideration.accepted": 77, "reconsideration.resolved_before_acceptance": 21,
    "reconsideration.redirected": 3, "reconsideration.refused": 3, "reconsideration.abandoned": 0, "reconsideration.pending_acceptance": 0,
    "reconsideration.closed": 72, "reconsideration.corrected": 6, "reconsideration.correction_rate": "8.33",
    "litigation.received": 63, "litigation.closed_first_instance": 58, "litigation.lost": 6, "litigation.loss_rate": "10.34",
}


def build_baselines(county):
    from fazhi.indicators.models import Baseline

    for key, value in BASELINES_2022.items():
        Baseline.objects.get_or_create(org=county, year=2022, key=key, defaults={"value": value, "source": "《示范县2022年法治政府建设年度报告》"})


@transaction.atomic
def build(password=None, today=None):
    from django.utils import timezone

    today = today or timezone.localdate()
    county = build_orgs()
    build_accounts(county, password)
    advisers = build_advisers(county, today)
    from . import reconsideration

    cases = reconsideration.build(county, today)
    from . import litigation

    lawsuits = litigation.build(county, today)
    from . import decisions

    decided = decisions.build(county, today)
    from . import legality

    reviewed = legality.build(county, today)
    from . import ledger

    ledger_entries = ledger.build(county, today)
    build_baselines(county)
    return {"county": county, "advisers": advisers, "reconsideration": cases, "litigation": lawsuits, "ledger": ledger_entries, **decided, **reviewed}


def reset():
    """Remove the demo county's records and accounts (not the holiday and period tables)."""
    from fazhi.advisers.models import LegalAdviser
    from fazhi.core.models import LocalRule, Role

    with transaction.atomic():
        county = Org.objects.filter(code="demo").first()
        if county is None:
            return
        from fazhi.decisions.models import AdministrativeContract, DecisionCatalogue, MajorDecision
        from fazhi.legality.models import ReviewRequest

        AdministrativeContract.objects.filter(org__path__startswith=county.path).delete()
        MajorDecision.objects.filter(org__path__startswith=county.path).delete()
        DecisionCatalogue.objects.filter(org__path__startswith=county.path).delete()
        # Before the advisers: the decisions' legality reviews hold their advisers' opinions.
        ReviewRequest.objects.filter(org__path__startswith=county.path, kind__in=["major_decision", "administrative_contract"]).delete()
        from . import legality

        legality.reset(county)  # the other reviews, normative documents and cleanups, also before the advisers
        LegalAdviser.objects.filter(org__path__startswith=county.path).delete()
        from fazhi.indicators.models import Baseline

        Baseline.objects.filter(org__path__startswith=county.path).delete()
        from fazhi.core.models import NumberSequence
        from fazhi.litigation.models import Lawsuit
        from fazhi.reconsideration.models import ReconsiderationCase

        Lawsuit.objects.filter(org__path__startswith=county.path).delete()
        from fazhi.reports.models import FrozenReport, ReportDraft

        FrozenReport.objects.filter(org__path__startswith=county.path).purge()  # frozen reports refuse an ordinary delete
        ReportDraft.objects.filter(org__path__startswith=county.path).delete()
        from fazhi.oversight.models import LedgerEntry

        LedgerEntry.objects.filter(org__path__startswith=county.path).delete()
        ReconsiderationCase.objects.filter(org__path__startswith=county.path).delete()
        NumberSequence.objects.filter(key__startswith="demo").delete()
        LegalAdviser.history.filter(org__path__startswith=county.path).delete() if hasattr(LegalAdviser.history, "filter") else None
        User.objects.filter(username__in=ACCOUNTS).delete()
        LocalRule.objects.filter(org__path__startswith=county.path).delete()
        Role.objects.filter(custom_orgs=county).distinct()
        for org in Org.objects.filter(path__startswith=county.path).order_by("-depth"):
            Org.objects.filter(serves=org).update(serves=None)
            org.delete()
