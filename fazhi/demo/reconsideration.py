"""Demo reconsideration cases of 示范县: 2023 to today, 100–170 applications a year, with the intake and
outcome mixes real counties report (ORACLE.md): most upheld, a tenth corrected, a fifth resolved before
acceptance or withdrawn, a handful refused or redirected; open cases at every stage this year, a few overdue."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import Org, TransitionLog, User
from fazhi.core.periods import add_working_days, due_date
from fazhi.reconsideration.choices import (
    AcceptanceKind,
    ActKind,
    Channel,
    Outcome,
    PartyKind,
    PartyRole,
    Procedure,
    SimplifiedReason,
    State,
    StopKind,
    TerminationReason,
)
from fazhi.reconsideration.models import ClockStop, ManagementArea, Party, ReconsiderationCase

# Respondent department code → (weight, management area, typical acts)
RESPONDENTS = [
    ("demo-d01", 30, "public_security", ActKind.PENALTY, ["治安管理处罚决定", "道路交通安全违法行为处罚决定", "不予立案告知"]),
    ("demo-d02", 24, "market", ActKind.COMPLAINT, ["投诉举报处理告知", "不予立案决定", "行政处罚决定"]),
    ("demo-d03", 8, "natural_resources", ActKind.CONFIRMATION, ["不动产登记", "土地权属确认", "责令限期拆除决定"]),
    ("demo-d04", 6, "housing", ActKind.INFORMATION, ["政府信息公开答复", "房屋征收补偿决定"]),
    ("demo-d05", 5, "transport", ActKind.PENALTY, ["交通运输行政处罚决定", "车辆暂扣决定"]),
    ("demo-d06", 7, "comprehensive", ActKind.COERCION, ["责令限期拆除违法建筑", "查封决定", "行政处罚决定"]),
    ("demo-d07", 6, "human_resources", ActKind.CONFIRMATION, ["工伤认定决定", "不予认定工伤决定"]),
    ("demo-d09", 3, "health", ActKind.PENALTY, ["卫生行政处罚决定"]),
    ("demo-d10", 3, "environment", ActKind.PENALTY, ["环境违法行为处罚决定"]),
    ("demo-t01", 3, "township", ActKind.NONPERFORMANCE, ["未履行法定职责", "征收补偿协议"]),
    ("demo-t02", 3, "township", ActKind.INFORMATION, ["政府信息公开答复"]),
    ("demo-t04", 2, "township", ActKind.EXPROPRIATION, ["集体土地征收补偿"]),
]
INTAKE = [("accept", 74), ("resolve", 19), ("redirect", 3), ("refuse", 3), ("abandon", 1)]
OUTCOMES = [
    (Outcome.UPHELD, 60), (Outcome.REQUEST_REJECTED, 6), (Outcome.APPLICATION_DISMISSED, 2), (Outcome.REVOKED, 4),
    (Outcome.PARTLY_REVOKED, 1), (Outcome.REVOKED_AND_REDO, 2), (Outcome.MODIFIED, 1), (Outcome.DECLARED_UNLAWFUL, 3),
    (Outcome.PERFORMANCE_ORDERED, 1), (Outcome.MEDIATED, 5), (Outcome.TERMINATED, 15),
]
YEAR_VOLUME = {2023: 118, 2024: 151, 2025: 163}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志文斌宁晨晓东海燕红梅林峰"
COMPANIES = ["示范县宏达建材有限公司", "示范县惠民超市", "示范县鑫源物流有限公司", "示范县绿野农业专业合作社", "示范县金鼎餐饮店", "示范县顺发汽修厂"]


def pick(rng, weighted):
    total = sum(w for *_, w in [(x[0], x[1]) for x in weighted])
    r = rng.uniform(0, total)
    for item in weighted:
        r -= item[1]
        if r <= 0:
            return item
    return weighted[-1]


def id_number(rng, birth):
    """A syntactically valid 居民身份证号 (GB 11643 check digit) for a fictitious person."""
    body = f"330726{birth:%Y%m%d}{rng.randrange(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def build(county, today, rng=None):
    """Create the demo cases unless the bureau already has some (idempotent). Returns the number created."""
    bureau = Org.objects.get(code="demo-sfj")
    if ReconsiderationCase.objects.filter(org=bureau).exists():
        return 0
    rng = rng or random.Random(20230102)
    staff = User.objects.filter(username="section").first()
    areas = {a.code: a for a in ManagementArea.objects.all()}
    orgs = {o.code: o for o in Org.objects.filter(code__in=[r[0] for r in RESPONDENTS])}
    ct = ContentType.objects.get_for_model(ReconsiderationCase)
    created = 0
    for year in range(2023, today.year + 1):
        volume = YEAR_VOLUME.get(year, 140)
        last_day = date(year, 12, 31) if year < today.year else today
        days = (last_day - date(year, 1, 1)).days + 1
        if year == today.year:
            volume = volume * days // 365
        for i in range(volume):
            received = date(year, 1, 1) + timedelta(days=int(days * (i + rng.random()) / volume))
            received = min(received, last_day)
            created += _case(rng, bureau, staff, areas, orgs, ct, received, today)
    # Two cases whose decision is overdue and one about to fall due: the reasons 我的待办 exists.
    for back in (75, 66, 57):
        created += _case(rng, bureau, staff, areas, orgs, ct, today - timedelta(days=back), today, keep_open=True)
    return created


def _case(rng, bureau, staff, areas, orgs, ct, received, today, keep_open=False):
    code, _, area_code, default_kind, acts = pick(rng, RESPONDENTS)
    respondent = orgs[code]
    kind = default_kind if rng.random() < 0.7 else rng.choice([ActKind.PENALTY, ActKind.COMPLAINT, ActKind.INFORMATION, ActKind.OTHER])
    amount = Decimal(rng.choice([200, 500, 1000, 2000, 3000, 5000, 20000, 150000])) if kind == ActKind.PENALTY else None
    channel = rng.choice([Channel.IN_PERSON] * 5 + [Channel.ONLINE] * 3 + [Channel.POST, Channel.ORAL])
    case = ReconsiderationCase(
        org=bureau, channel=channel, received_on=received, respondent_org=respondent, act=f"{respondent.name}作出的{rng.choice(acts)}",
        act_no=f"{respondent.short_name}罚决字〔{received.year}〕{rng.randrange(10, 999)}号" if kind == ActKind.PENALTY else "",
        act_kind=kind, area=areas[area_code], amount=amount, requests="请求撤销被申请人作出的行政行为" if kind != ActKind.NONPERFORMANCE else "请求责令被申请人履行法定职责",
        oral_record="申请人当场口述，工作人员记录并经申请人签字确认。" if channel == Channel.ORAL else "",
        incidental_review=rng.random() < 0.02, created_by=staff, updated_by=staff,
    )
    log = []
    age = (today - received).days
    route = "accept" if keep_open else pick(rng, INTAKE)[0]
    # Applications of the last week are still being examined; a few earlier ones needed amendment.
    amendment = not keep_open and rng.random() < 0.08
    if amendment:
        case.amendment_requested_on = add_working_days(received, rng.randint(1, 4))
        log.append(("request_amendment", "通知补正", case.amendment_requested_on))
        if age < 12:
            case.state = State.AMENDMENT
            return _save(case, log, ct, staff, stops=[(StopKind.AMENDMENT, case.amendment_requested_on, None)])
        case.amendment_received_on = add_working_days(case.amendment_requested_on, rng.randint(2, 9))
        log.append(("receive_amendment", "收到补正材料", case.amendment_received_on))
    start = case.amendment_received_on or received
    stops = [(StopKind.AMENDMENT, case.amendment_requested_on, case.amendment_received_on)] if amendment else []
    decided_on = add_working_days(start, rng.randint(1, 5))
    if decided_on > today:
        case.state = State.RECEIVED
        return _save(case, log, ct, staff, stops)
    if route != "accept":
        state = {"resolve": State.RESOLVED, "redirect": State.REDIRECTED, "refuse": State.REFUSED, "abandon": State.RESOLVED}[route]
        case.state = state
        case.ended_before_acceptance_on = decided_on
        case.ended_reason = {State.RESOLVED: "经协调，被申请人自行纠正，申请人撤回申请", State.REDIRECTED: "不属于本机关管辖，已告知申请人向有权机关申请",
                             State.REFUSED: "超过法定申请期限"}[state]
        if state == State.REDIRECTED:
            case.redirected_to = "示范市人民政府"
        log.append((route, {"resolve": "受理前调撤", "redirect": "告知（转送）", "refuse": "不予受理", "abandon": "受理前调撤"}[route], decided_on))
        return _save(case, log, ct, staff, stops)
    case.accepted_on = decided_on
    case.acceptance_kind = AcceptanceKind.ACCEPTED if rng.random() < 0.97 else AcceptanceKind.DEEMED
    simplified = not keep_open and amount is not None and amount <= 3000 and rng.random() < 0.6
    case.procedure = Procedure.SIMPLIFIED if simplified else Procedure.ORDINARY
    case.simplified_reason = SimplifiedReason.SMALL_AMOUNT if simplified else ""
    log.append(("accept", "受理", decided_on))
    case.copy_sent_on = add_working_days(decided_on, rng.randint(1, 3 if simplified else 6))
    if case.copy_sent_on <= today:
        log.append(("send_copy", "发送申请书副本", case.copy_sent_on))
        reply = add_working_days(case.copy_sent_on, rng.randint(3, 5 if simplified else 10))
        if reply <= today:
            case.reply_received_on = reply
            log.append(("receive_reply", "收到被申请人答复", reply))
    else:
        case.copy_sent_on = None
    period = "reconsideration.decision_simplified" if simplified else "reconsideration.decision_ordinary"
    suspension = None
    if not simplified and not keep_open and rng.random() < 0.06:
        s = decided_on + timedelta(days=rng.randint(10, 30))
        e = s + timedelta(days=rng.randint(10, 40))
        if s <= today:
            suspension = (StopKind.SUSPENSION, s, e if e <= today else None)
            stops.append(suspension)
            log.append(("suspend", "中止", s))
            if e <= today:
                log.append(("resume", "恢复审理", e))
    if not simplified and not keep_open and rng.random() < 0.08:
        case.extension_days = 30
        case.extension_approved_by = "局长"
    susp = [(s, e) for k, s, e in stops if k == StopKind.SUSPENSION]
    due = due_date(decided_on, period=period, stops=susp)
    if due is not None and case.extension_days:
        due = due_date(due, case.extension_days, "calendar_days")
    if due is None:  # still suspended
        case.state = State.SUSPENDED
        return _save(case, log, ct, staff, stops)
    if case.extension_days:
        log.append(("extend", "延期", due - timedelta(days=40)))
    outcome = pick(rng, OUTCOMES)[0]
    span = (due - decided_on).days
    # Nearly all close in time; about one in fifty late — the on-time rate is not a constant 100%.
    closed = decided_on + timedelta(days=int(span * rng.uniform(0.45, 0.98)) if rng.random() > 0.02 else span + rng.randint(1, 6))
    if closed > today or keep_open:
        case.state = State.SUSPENDED if suspension and suspension[2] is None else State.ACCEPTED
        return _save(case, log, ct, staff, stops)
    case.outcome = outcome
    case.closed_on = closed
    case.decision_no = f"示政复决字〔{closed.year}〕{rng.randrange(1, 200)}号"
    if outcome == Outcome.TERMINATED:
        case.termination_reason = rng.choice([TerminationReason.WITHDRAWN] * 5 + [TerminationReason.SETTLED] * 4 + [TerminationReason.DEATH])
    label = {Outcome.MEDIATED: ("mediate", "调解结案"), Outcome.TERMINATED: ("terminate", "终止")}.get(outcome, ("decide", "作出复议决定"))
    log.append((*label, closed))
    served = closed + timedelta(days=rng.randint(1, 6))
    if served <= today:
        case.served_on = served
        log.append(("serve", "送达", served))
        archived = served + timedelta(days=rng.randint(20, 60))
        if archived <= today:
            case.archived_on = archived
            log.append(("archive", "归档", archived))
            case.state = State.ARCHIVED
        else:
            case.state = State.SERVED
    else:
        case.state = State.DECIDED
    return _save(case, log, ct, staff, stops)


def _save(case, log, ct, staff, stops):
    rng = random.Random(case.received_on.toordinal() * 7 + len(log))
    case.save()
    ClockStop.objects.bulk_create([ClockStop(case=case, kind=k, start=s, end=e) for k, s, e in stops])
    if stops:
        case.save()  # deadlines depend on the stops
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    if rng.random() < 0.85:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        Party.objects.create(case=case, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name=name, id_number=id_number(rng, birth),
                             phone=f"13{rng.randrange(10**8, 10**9)}", address="示范县城关镇")
    else:
        Party.objects.create(case=case, role=PartyRole.APPLICANT, kind=PartyKind.ORGANISATION, name=rng.choice(COMPANIES),
                             credit_code=f"91330726MA2{rng.randrange(10**5, 10**6)}X", phone=f"0579-8{rng.randrange(10**6, 10**7)}")
    TransitionLog.objects.bulk_create([
        TransitionLog(content_type=ct, object_id=case.pk, transition=name, label=label, on=on, by=staff) for name, label, on in log
    ])
    return 1
