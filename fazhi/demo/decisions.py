"""Demo major decisions and administrative contracts of 示范县, 2023 to today.

Each year the county government publishes its catalogue of decision items (after the county Party committee
agrees) with three to five items, handled by departments; each goes through its procedures — one to three public
consultations of at least 30 days, a hearing where people's vital interests are at stake, expert reviews for
technical items, risk assessments for items touching social stability, the justice bureau's legality review (at
least 7 working days), the county government's executive meeting — and is decided, published and archived. This
year's items are at every stage, one decided and waiting to be published.

Fifty to a hundred contracts a year, signed by departments and townships: those above the 1,000,000-yuan threshold
(and many below it) reviewed by the justice bureau before signing; nearly all filed within 30 days, a few late, a
few of this year still to file; some compensation agreements with natural persons; a handful of disputes.

The legality reviews behind these records (kinds ``major_decision`` and ``administrative_contract``) are created
here, with the records they belong to. Deterministic (seeded generators, dates fixed by the year) and idempotent
(nothing is created when the county already has decisions or contracts)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from fazhi.core.models import Org, User
from fazhi.core.periods import add_working_days, due_date, next_working_day
from fazhi.decisions.choices import (
    Category,
    ContractKind,
    ContractState,
    CounterpartyKind,
    DisputeResolution,
    ExpertMethod,
    MeetingKind,
    ParticipationMethod,
    ProcedureKind,
    RiskLevel,
    State,
)
from fazhi.decisions.models import AdministrativeContract, DecisionCatalogue, MajorDecision, Procedure

# (handling department, title, category, technical, stability risk, hearing)
ITEMS = [
    ("demo-d04", "示范县老旧小区改造三年行动计划", Category.PLAN, True, True, True),
    ("demo-d05", "示范县城区公共交通票价调整方案", Category.PUBLIC_POLICY, False, True, True),
    ("demo-d03", "示范县国土空间总体规划（2021—2035年）", Category.PLAN, True, False, False),
    ("demo-d10", "示范县饮用水水源保护区划定调整方案", Category.RESOURCES, True, True, False),
    ("demo-d08", "示范县城区义务教育学校学区划分调整方案", Category.PUBLIC_POLICY, False, True, True),
    ("demo-d04", "示范县城东片区棚户区改造征收补偿方案", Category.CONSTRUCTION, True, True, True),
    ("demo-d09", "示范县县域医共体建设实施方案", Category.PUBLIC_POLICY, True, False, False),
    ("demo-d11", "示范县农村生活污水治理设施运维管理办法", Category.PUBLIC_POLICY, True, False, False),
    ("demo-d14", "示范县城乡居民最低生活保障标准调整方案", Category.PUBLIC_POLICY, False, True, False),
    ("demo-d15", "示范县历史文化名村保护利用规划", Category.RESOURCES, True, False, False),
    ("demo-d06", "示范县城市管理领域相对集中行政处罚权调整方案", Category.OTHER, False, False, False),
    ("demo-d05", "示范县县城停车设施建设与收费管理办法", Category.CONSTRUCTION, True, True, True),
    ("demo-d12", "示范县自然灾害救助应急预案修订", Category.PUBLIC_POLICY, True, False, False),
    ("demo-d02", "示范县农贸市场提升改造实施方案", Category.CONSTRUCTION, False, True, False),
    ("demo-d13", "示范县政府投资项目管理办法", Category.PUBLIC_POLICY, True, False, False),
    ("demo-d07", "示范县就业创业扶持政策实施细则", Category.PUBLIC_POLICY, False, False, False),
    ("demo-d10", "示范县工业园区污水集中处理设施建设方案", Category.CONSTRUCTION, True, True, True),
]
PER_YEAR = {2023: 4, 2024: 5, 2025: 4}
MEETINGS_PER_YEAR = 24  # the county government's executive meetings, numbered through the year
EXPERT_BODIES = ["示范市规划设计研究院", "浙江省社会科学院专家组", "示范县决策咨询专家库专家", "浙江大学公共管理学院"]
RISK_BODIES = ["示范县社会稳定风险评估中心", "浙江正衡社会风险评估有限公司", "承办单位（自行评估）"]

COMPANIES = [
    "示范县城市建设投资集团有限公司", "示范县交通投资有限公司", "浙江宏达建设工程有限公司", "示范县水务有限公司", "浙江绿源环境科技有限公司",
    "示范县公共交通有限公司", "浙江数智信息技术有限公司", "示范县国有资产经营有限公司", "浙江金鼎物业服务有限公司", "示范县农业发展有限公司",
    "浙江恒信工程咨询有限公司", "示范县文化旅游发展有限公司", "浙江安泰保安服务有限公司", "示范县新能源有限公司", "浙江立德教育科技有限公司",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志文斌宁晨晓东海燕"
# contract kind: (weight, title patterns, amount range in yuan, share with a natural person, who signs: org kinds
# and/or department codes). {org} is the signing unit, {place} the township (or a county area for the county
# government and departments).
CONTRACT_KINDS = {
    ContractKind.PROCUREMENT: (30, ["{org}信息化系统运维服务采购合同", "{org}办公设备采购合同", "{org}物业管理服务采购合同", "{org}法律顾问服务合同"],
                               (30_000, 2_500_000), 0.0, ["department", "government", "township"]),
    ContractKind.COMPENSATION: (18, ["{place}房屋征收补偿协议", "{place}集体土地征收补偿安置协议", "{place}青苗及附着物补偿协议"], (80_000, 1_800_000), 0.8,
                                ["township", "demo-d03", "demo-d04"]),
    ContractKind.INVESTMENT: (10, ["{place}招商引资项目投资协议", "{place}产业项目落户协议"], (5_000_000, 300_000_000), 0.0, ["government", "township"]),
    ContractKind.PPP: (3, ["{place}污水处理厂PPP项目合同", "{place}停车场特许经营PPP项目合同"], (20_000_000, 200_000_000), 0.0, ["government"]),
    ContractKind.FRANCHISE: (4, ["城区公共交通特许经营协议", "城区生活垃圾收运特许经营协议"], (3_000_000, 60_000_000), 0.0, ["demo-d05", "demo-d06"]),
    ContractKind.RESOURCE_TRANSFER: (6, ["{place}国有建设用地使用权出让合同", "{place}采矿权出让合同"], (2_000_000, 80_000_000), 0.0, ["demo-d03"]),
    ContractKind.HOUSING: (5, ["{place}公共租赁住房租赁合同", "{place}人才公寓租赁协议"], (20_000, 300_000), 0.7, ["demo-d04"]),
    ContractKind.OTHER: (24, ["{org}与{party}合作框架协议", "{org}委托管理协议", "{org}技术服务合同"], (10_000, 1_500_000), 0.0,
                         ["department", "township"]),
}
CONTRACTS_PER_YEAR = {2023: 64, 2024: 78, 2025: 86}
PLACES = ["城东片区", "城西片区", "城北新区", "工业园区", "高铁新城"]


def _weighted(rng, table):
    total = sum(v[0] for v in table.values())
    r = rng.uniform(0, total)
    for key, value in table.items():
        r -= value[0]
        if r <= 0:
            return key, value
    return next(iter(table.items()))


def _person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _review(bureau, kind, title, submitting, submitted, today, rng, conclusion="lawful"):
    """A legality review of the bureau, issued after at least 7 working days (条例第二十六条) — or still open
    when its opinion date would fall after ``today``. Returns it (saved)."""
    from fazhi.legality.models import ReviewRequest

    received = add_working_days(submitted, 1)
    opinion = add_working_days(received, rng.randint(7, 12))
    review = ReviewRequest(org=bureau, kind=kind, title=title, submitting_org=submitting, submitted_on=submitted,
                           legal_basis="《重大行政决策程序暂行条例》等" if kind == "major_decision" else "《民法典》合同编、《最高人民法院关于审理行政协议案件若干问题的规定》",
                           procedure_note="已按规定履行相关程序")
    if received <= today:
        review.received_on = received
        review.state = "reviewing"
    if opinion <= today:
        review.state = "issued"
        review.conclusion = conclusion
        review.opinion_on = opinion
        review.opinion_summary = "经审查，该事项符合法定权限，程序合法，内容不违反法律、法规、规章规定。" if conclusion == "lawful" else \
            "经审查，建议对违约责任、争议解决条款予以修改完善后签订（实施）。"
        review.review_working_days = review.working_days_until(opinion) if review.received_on else None
    review.save()
    if review.state == "issued":
        _review_details(review, rng)
    return review


def _review_details(review, rng):
    """What the legality registry's own checks expect of an issued opinion: a legal adviser's opinion on a major
    decision draft (条例第二十八条), and numbered items behind a 修改后合法 conclusion."""
    from fazhi.advisers.models import LegalAdviser
    from fazhi.legality.models import AdviserConsultation, OpinionItem

    if review.kind == "major_decision":
        adviser = (LegalAdviser.objects.filter(org__code="demo-sfj", contract_start__lte=review.received_on, contract_end__gte=review.received_on)
                   .order_by("contract_start", "pk").first())
        if adviser is not None:
            AdviserConsultation.objects.create(review=review, adviser=adviser, asked_on=review.received_on,
                                               replied_on=min(add_working_days(review.received_on, 3), review.opinion_on),
                                               opinion="经研究，决策事项符合法定权限，建议进一步细化实施步骤和风险防控措施。")
    if review.conclusion == "lawful_if_amended":
        OpinionItem.objects.create(review=review, number=1, content="建议完善违约责任条款，明确违约情形和责任承担方式。", adopted=True)
        if rng.random() < 0.5:
            OpinionItem.objects.create(review=review, number=2, content="建议明确争议解决方式，约定向有管辖权的人民法院提起诉讼。", adopted=True)


def build(county, today, rng=None):
    """Catalogues, decisions and their procedures, and contracts, unless the county already has them. Returns
    {"decisions": n, "contracts": n}."""
    out = {"decisions": 0, "contracts": 0}
    if not MajorDecision.objects.filter(org__path__startswith=county.path).exists():
        out["decisions"] = build_decisions(county, today, rng or random.Random(20230301))
    if not AdministrativeContract.objects.filter(org__path__startswith=county.path).exists():
        out["contracts"] = build_contracts(county, today, random.Random(20230302))
    return out


# ---- decisions -------------------------------------------------------------------------------------
def build_decisions(county, today, rng):
    bureau = Org.objects.get(code="demo-sfj")
    staff = User.objects.filter(username="section").first()
    orgs = {o.code: o for o in Org.objects.filter(path__startswith=county.path)}
    created = 0
    item = 0
    for year in range(2023, today.year + 1):
        agreed, published = date(year, 2, 20), date(year, 3, 1)
        catalogue, _ = DecisionCatalogue.objects.get_or_create(
            org=county, year=year,
            defaults={"party_agreed_on": agreed if agreed <= today else None, "published_on": published if published <= today else None,
                      "channel": "示范县人民政府门户网站" if published <= today else "", "document_no": f"示政发〔{year}〕3号",
                      "created_by": staff, "updated_by": staff},
        )
        count = PER_YEAR.get(year, 4)
        for i in range(count):
            code, title, category, technical, stability, hearing = ITEMS[item % len(ITEMS)]
            item += 1
            initiated = date(year, 3, 10) + timedelta(days=int(i * 230 / count) + rng.randint(0, 12))
            if initiated > today:
                continue
            d = MajorDecision(org=orgs[code], catalogue=catalogue, title=title,
                              category=category, deciding_body=county, initiated_on=initiated, technical=technical, stability_risk=stability,
                              summary=f"由{orgs[code].name}承办，列入{year}年度重大行政决策事项目录。", created_by=staff, updated_by=staff)
            d.save()
            created += 1
            _procedures(d, rng, bureau, today, hearing, staff)
    created += _awaiting_publication(county, orgs, bureau, staff, today, rng)
    return created


def _awaiting_publication(county, orgs, bureau, staff, today, rng):
    """One item decided about three weeks ago and not yet published, so that 我的待办 shows its deadline
    (《政府信息公开条例》第二十六条: 20 working days). Its dates are counted back from ``today``."""
    meeting = add_working_days(today, -16)
    catalogue = DecisionCatalogue.objects.filter(org=county, year=meeting.year).first()
    d = MajorDecision.objects.create(
        org=orgs["demo-d05"], catalogue=catalogue, title="示范县城乡公交一体化改革实施方案", category=Category.PUBLIC_POLICY,
        deciding_body=county, initiated_on=meeting - timedelta(days=150), technical=True, stability_risk=True,
        summary="由示范县交通运输局承办。", created_by=staff, updated_by=staff,
    )
    start = d.initiated_on + timedelta(days=14)
    Procedure.objects.create(decision=d, kind=ProcedureKind.PUBLIC_PARTICIPATION, held_on=start, ended_on=start + timedelta(days=30),
                             participation_method=ParticipationMethod.PUBLIC_CONSULTATION, channels="县政府门户网站", opinions_received=86,
                             opinions_adopted=19)
    Procedure.objects.create(decision=d, kind=ProcedureKind.EXPERT_REVIEW, held_on=start + timedelta(days=40), expert_method=ExpertMethod.MEETING,
                             experts=7, conducted_by=EXPERT_BODIES[0], opinions_received=12)
    Procedure.objects.create(decision=d, kind=ProcedureKind.RISK_ASSESSMENT, held_on=start + timedelta(days=55), risk_level=RiskLevel.MEDIUM,
                             risk_controllable=True, conducted_by=RISK_BODIES[1])
    review = _review(bureau, "major_decision", d.title, d.org, add_working_days(meeting, -15), today, rng)
    Procedure.objects.create(decision=d, kind=ProcedureKind.LEGALITY_REVIEW, held_on=review.opinion_on, review=review)
    Procedure.objects.create(decision=d, kind=ProcedureKind.COLLECTIVE_DECISION, held_on=meeting, meeting_kind=MeetingKind.EXECUTIVE,
                             meeting_name="县政府常务会议", participants=14)
    d.state = State.DECIDED
    d.mark_decided(meeting)
    d.decision_no = f"示政发〔{meeting.year}〕{rng.randint(60, 80)}号"
    d.save()
    return 1


def _procedures(d, rng, bureau, today, hearing, staff):
    """Walk the decision through its procedures as far as ``today`` allows, in the statutory order."""
    rows = []
    on = d.initiated_on + timedelta(days=rng.randint(10, 25))
    for n in range(rng.choice((1, 1, 2, 3))):
        days = rng.choice((30, 30, 31, 35, 45))
        method = ParticipationMethod.PUBLIC_CONSULTATION if n == 0 else rng.choice(
            [ParticipationMethod.SYMPOSIUM, ParticipationMethod.WRITTEN, ParticipationMethod.QUESTIONNAIRE])
        received = rng.randint(5, 160)
        rows.append(Procedure(kind=ProcedureKind.PUBLIC_PARTICIPATION, held_on=on, ended_on=on + timedelta(days=days) if n == 0 else on,
                              participation_method=method, channels="县政府门户网站、“示范发布”政务新媒体" if n == 0 else "",
                              opinions_received=received, opinions_adopted=rng.randint(0, received // 3)))
        on += timedelta(days=days if n == 0 else rng.randint(5, 15))
    if hearing:
        rows.append(Procedure(kind=ProcedureKind.HEARING, held_on=on + timedelta(days=10), materials_sent_on=on, participants=rng.randint(13, 25),
                              opinions_received=rng.randint(10, 40), description="听证参加人名单已于听证会前向社会公布。"))
        on += timedelta(days=14)
    if d.technical:
        for _ in range(rng.choice((1, 2, 2, 3))):
            rows.append(Procedure(kind=ProcedureKind.EXPERT_REVIEW, held_on=on, expert_method=rng.choice(list(ExpertMethod)), experts=rng.randint(3, 9),
                                  conducted_by=rng.choice(EXPERT_BODIES), opinions_received=rng.randint(5, 25)))
            on += timedelta(days=rng.randint(7, 20))
    if d.stability_risk:
        for _ in range(rng.choice((1, 1, 2))):
            rows.append(Procedure(kind=ProcedureKind.RISK_ASSESSMENT, held_on=on, risk_level=rng.choice([RiskLevel.LOW, RiskLevel.LOW, RiskLevel.MEDIUM]),
                                  risk_controllable=True, conducted_by=rng.choice(RISK_BODIES),
                                  description="形成社会稳定风险评估报告，明确风险点、防范措施和处置预案。"))
            on += timedelta(days=rng.randint(7, 15))
    for p in rows:
        if p.held_on <= today:  # a consultation still running is recorded from its first day
            p.decision = d
            p.save()
    if any((p.ended_on or p.held_on) > today for p in rows):
        return
    review = _review(bureau, "major_decision", d.title, d.org, on, today, rng)
    if review.opinion_on is None:
        return
    Procedure.objects.create(decision=d, kind=ProcedureKind.LEGALITY_REVIEW, held_on=review.opinion_on, review=review)
    meeting = add_working_days(review.opinion_on, rng.randint(5, 20))
    if meeting > today:
        return
    number = max(1, min(48, (meeting.timetuple().tm_yday * MEETINGS_PER_YEAR) // 366 + 1))
    Procedure.objects.create(decision=d, kind=ProcedureKind.COLLECTIVE_DECISION, held_on=meeting, meeting_kind=MeetingKind.EXECUTIVE,
                             meeting_name=f"县政府第{number}次常务会议", participants=rng.randint(11, 16),
                             dissent="" if rng.random() < 0.7 else "个别组成人员建议进一步细化实施步骤和资金保障，已在决定中予以吸收。")
    d.state = State.DECIDED
    d.mark_decided(meeting)
    d.decision_no = f"示政发〔{meeting.year}〕{rng.randint(10, 60)}号"
    d.executing_org = d.org
    publish = add_working_days(meeting, rng.randint(3, 12))
    if publish <= today and (today - meeting).days > 40:
        d.party_reported_on = add_working_days(meeting, 1)
        d.published_on = publish
        d.publication_channel = "示范县人民政府门户网站、《示范日报》"
        d.state = State.PUBLISHED
        archive = publish + timedelta(days=rng.randint(20, 60))
        if archive <= today:
            d.archived_on = archive
            d.state = State.ARCHIVED
        evaluate = meeting + timedelta(days=400)
        if d.technical and evaluate <= today and rng.random() < 0.5:
            d.post_evaluated_on = evaluate
            d.post_evaluation_reason = "deemed_necessary"
            d.post_evaluation_by = "示范县决策咨询研究中心（第三方）"
            d.post_evaluation_result = "决策执行总体达到预期效果，建议完善配套措施。"
    d._history_user = staff
    d.save()


# ---- contracts -------------------------------------------------------------------------------------
def build_contracts(county, today, rng):
    bureau = Org.objects.get(code="demo-sfj")
    staff = User.objects.filter(username="section").first()
    units = list(Org.objects.filter(path__startswith=county.path, kind__in=["government", "department", "township"]).order_by("path"))
    signers = {kind: [o for o in units if o.kind in spec[4] or o.code in spec[4]] for kind, spec in CONTRACT_KINDS.items()}
    created = 0
    for year in range(2023, today.year + 1):
        volume = CONTRACTS_PER_YEAR.get(year, 80)
        last = date(year, 12, 31) if year < today.year else today
        days = (last - date(year, 1, 1)).days + 1
        if year == today.year:
            volume = max(1, volume * days // 365)
        for i in range(volume):
            signed = date(year, 1, 1) + timedelta(days=int(days * (i + rng.random()) / volume))
            signed = min(signed, last)
            signed = next_working_day(signed) if next_working_day(signed) <= last else add_working_days(signed, -1)  # offices sign on working days
            created += _contract(rng, signers, bureau, staff, signed, today, year, i)
    return created


def _place(org, rng):
    """The township a township's contract concerns; a county area for the county government and departments."""
    if org.kind == "township":
        return org.name.removeprefix("示范县").removesuffix("人民政府").removesuffix("办事处")
    return rng.choice(PLACES)


def _contract(rng, signers, bureau, staff, signed, today, year, i):
    kind, (_, titles, (low, high), person_share, _) = _weighted(rng, CONTRACT_KINDS)
    org = rng.choice(signers[kind])
    person = rng.random() < person_share
    party = _person(rng) if person else rng.choice(COMPANIES)
    title = rng.choice(titles).format(org=org.name, place=_place(org, rng), party=party if not person else "")
    # Amounts spread over orders of magnitude (a log-uniform draw), rounded as contracts are.
    amount = Decimal(round(low * (high / low) ** rng.random(), -2))
    c = AdministrativeContract(org=org, contract_no=f"{org.short_name or org.code}合〔{year}〕{i + 1}号", title=title, kind=kind,
                               counterparty_kind=CounterpartyKind.PERSON if person else CounterpartyKind.ORGANISATION,
                               counterparty_name=party, amount=amount, created_by=staff, updated_by=staff)
    # Above the threshold every contract is reviewed before signing; below it most are, as the bureau asks.
    if amount > Decimal(1_000_000) or rng.random() < 0.6:
        submitted = add_working_days(signed, -rng.randint(15, 25))
        conclusion = "lawful" if rng.random() < 0.8 else "lawful_if_amended"
        c.legality_review = _review(bureau, "administrative_contract", title, org, submitted, today, rng, conclusion)
        if c.legality_review.opinion_on is None or c.legality_review.opinion_on > signed:
            # The opinion is not out yet: the contract waits, unsigned (the rule the sign step enforces).
            c.state = ContractState.DRAFT
            c.save()
            return 1
    c.signed_on = signed
    c.state = ContractState.SIGNED
    c.term_start = signed
    c.term_end = signed + timedelta(days=rng.choice((90, 180, 365, 365, 730, 1095)))
    filing_due = due_date(signed, 30, "calendar_days")
    r = rng.random()
    if r < 0.9:
        filed = signed + timedelta(days=rng.randint(3, max(4, (filing_due - signed).days)))
    elif r < 0.96 or (today - signed).days > 120:
        filed = filing_due + timedelta(days=rng.randint(1, 20))  # filed late
    else:
        filed = None  # not filed yet: the record check and 我的待办 show it (only recent contracts stay unfiled)
    if filed is not None and filed <= today:
        c.filed_on = filed
    if c.term_end < today and rng.random() < 0.85:
        c.completed_on = c.term_end
        c.state = ContractState.COMPLETED
    elif c.term_end < today and rng.random() < 0.3:
        c.terminated_on = signed + timedelta(days=(c.term_end - signed).days // 2)
        c.termination_reason = "因规划调整，经双方协商一致解除。"
        c.state = ContractState.TERMINATED
    if rng.random() < 0.04:
        disputed = signed + timedelta(days=rng.randint(30, 200))
        if disputed <= today and not (c.completed_on and disputed > c.completed_on) and not (c.terminated_on and disputed > c.terminated_on):
            c.disputed_on = disputed
            c.dispute_resolution = rng.choice([DisputeResolution.NEGOTIATION, DisputeResolution.NEGOTIATION, DisputeResolution.MEDIATION,
                                               DisputeResolution.LITIGATION])
            c.dispute_note = "相对人对补偿标准（履行进度）有异议。"
            if disputed + timedelta(days=60) <= today:
                c.dispute_resolved_on = disputed + timedelta(days=rng.randint(10, 60))
    c.save()
    return 1
