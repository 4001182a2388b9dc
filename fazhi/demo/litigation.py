"""Demo lawsuits of 示范县 (行政应诉): 2023 to today, 60–110 first-instance cases a year, mostly won, about
one in twelve lost, a sixth withdrawn; the county government sued alone in some, as co-defendant after an
upheld reconsideration in others; heads appear in nearly every heard case; a few appeals; open cases now."""

import random
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import Org, TransitionLog, User
from fazhi.litigation.choices import Instance, Result, State
from fazhi.litigation.models import Hearing, Lawsuit
from fazhi.reconsideration.choices import ActKind, Outcome
from fazhi.reconsideration.models import ReconsiderationCase

from .reconsideration import GIVEN, SURNAMES, pick

VOLUME = {2023: 72, 2024: 96, 2025: 104}
DEFENDANTS = [("demo", 12), ("demo-d01", 20), ("demo-d02", 10), ("demo-d03", 12), ("demo-d04", 9), ("demo-d06", 12),
              ("demo-d07", 6), ("demo-d05", 4), ("demo-t01", 5), ("demo-t03", 4), ("demo-t04", 3), ("demo-t08", 3)]
RESULTS = [(Result.REJECTED, 52), (Result.DISMISSED, 14), (Result.WITHDRAWN, 16), (Result.MEDIATED, 2), (Result.REVOKED, 3),
           (Result.DECLARED_UNLAWFUL, 2), (Result.PERFORMANCE, 1), (Result.REVOKED_AND_REDO, 1)]
ACTS = {ActKind.PENALTY: "行政处罚决定", ActKind.EXPROPRIATION: "房屋征收补偿决定", ActKind.CONFIRMATION: "工伤认定决定",
        ActKind.INFORMATION: "政府信息公开答复", ActKind.NONPERFORMANCE: "不履行法定职责", ActKind.COERCION: "强制拆除行为",
        ActKind.LICENSING: "不予行政许可决定", ActKind.OTHER: "行政行为"}
TITLES = [("副局长", False), ("局长", True), ("副县长", False), ("副镇长", False), ("党组成员、副局长", False)]


def build(county, today):
    """Create the demo lawsuits unless some exist in the county (idempotent). Returns the number created."""
    if Lawsuit.objects.filter(org__path__startswith=county.path).exists():
        return 0
    rng = random.Random(20230103)
    orgs = {o.code: o for o in Org.objects.filter(code__in=[c for c, _ in DEFENDANTS] + ["demo-sfj"])}
    staff = User.objects.filter(username="section").first()
    ct = ContentType.objects.get_for_model(Lawsuit)
    upheld = list(ReconsiderationCase.objects.filter(org__path__startswith=county.path, outcome=Outcome.UPHELD).order_by("closed_on"))
    created = 0
    for year in range(2023, today.year + 1):
        last_day = date(year, 12, 31) if year < today.year else today
        days = (last_day - date(year, 1, 1)).days + 1
        volume = VOLUME.get(year, 90) * days // 365
        serial = 0
        for i in range(volume):
            received = min(date(year, 1, 1) + timedelta(days=int(days * (i + rng.random()) / volume)), last_day)
            serial += rng.randint(3, 9)
            created += _lawsuit(rng, orgs, staff, ct, upheld, received, today, serial)
    # One defence overdue and one due in three days, for 我的待办.
    for back, serial in ((19, 990), (12, 991)):
        created += _lawsuit(rng, orgs, staff, ct, [], today - timedelta(days=back), today, serial, keep_open=True)
    return created


def _lawsuit(rng, orgs, staff, ct, upheld, received, today, serial, keep_open=False):
    code = pick(rng, DEFENDANTS)[0]
    defendant = orgs[code]
    kind = rng.choice([ActKind.PENALTY] * 4 + [ActKind.EXPROPRIATION] * 2 + [ActKind.CONFIRMATION, ActKind.INFORMATION, ActKind.NONPERFORMANCE, ActKind.COERCION, ActKind.LICENSING])
    link = None
    co_defendant = False
    if code != "demo" and upheld and rng.random() < 0.15:
        candidates = [c for c in upheld if c.closed_on and c.closed_on < received and (received - c.closed_on).days < 60]
        if candidates:
            link = candidates[-1]
            upheld.remove(link)
            co_defendant = True
            defendant = link.respondent_org or defendant
    plaintiff = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    filed = received - timedelta(days=rng.randint(3, 10))
    suit = Lawsuit(
        org=orgs["demo-sfj"] if defendant.kind == "government" or co_defendant else defendant,
        court="示范县人民法院", case_no=f"（{filed.year}）浙0726行初{serial}号", trial_level=Instance.FIRST, plaintiff=plaintiff,
        defendant_org=defendant, co_defendant_government=co_defendant, reconsideration_case=link,
        act=f"{defendant.name}作出的{ACTS[kind]}", act_kind=kind, complaint_received_on=received, filed_on=filed,
        created_by=staff, updated_by=staff,
    )
    log = []
    defence = received + timedelta(days=rng.randint(5, 14))
    if defence > today or keep_open:
        suit.state = State.REGISTERED
        return _save(suit, log, ct, staff, [])
    suit.defence_filed_on = defence
    suit.state = State.DEFENDED
    log.append(("file_defence", "提交答辩状", defence))
    result = pick(rng, RESULTS)[0]
    hearings = []
    heard_on = defence + timedelta(days=rng.randint(20, 70))
    if result not in (Result.WITHDRAWN, Result.DISMISSED) or rng.random() < 0.3:
        if heard_on <= today:
            appeared = rng.random() < 0.96
            title, principal = rng.choice(TITLES)
            hearings.append(Hearing(held_on=heard_on, heard=True, head_appeared=appeared, staff_sent=not appeared,
                                    head_name=(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)) if appeared else "",
                                    head_title=title if appeared else "", head_is_principal=principal and appeared))
            suit.state = State.HEARD
            log.append(("record_hearing", "登记庭审", heard_on))
    closed = (heard_on if hearings else defence) + timedelta(days=rng.randint(10, 60))
    if closed > today:
        return _save(suit, log, ct, staff, hearings)
    suit.result = result
    suit.closed_on = closed
    if result == Result.WITHDRAWN:
        suit.state = State.WITHDRAWN
        suit.withdrawal_after_change = rng.random() < 0.3
        log.append(("withdraw", "准予撤诉", closed))
    else:
        suit.state = State.JUDGED
        log.append(("judge", "作出裁判", closed))
        served = closed + timedelta(days=rng.randint(2, 8))
        if served <= today:
            suit.served_on = served
            if served + timedelta(days=20) <= today:
                suit.state = State.CLOSED
                suit.effective_on = served + timedelta(days=16)
                log.append(("close", "裁判生效", suit.effective_on))
        if result in (Result.REVOKED, Result.DECLARED_UNLAWFUL, Result.PERFORMANCE, Result.REVOKED_AND_REDO):
            suit.loss_reason = rng.choice(["认定事实不清、主要证据不足", "违反法定程序", "适用法律错误", "未依法履行告知义务"])
        if suit.served_on and result != Result.MEDIATED and rng.random() < 0.12:
            suit.appealed = True
            suit.appealed_on = suit.served_on + timedelta(days=rng.randint(5, 14))
            suit.appellant = "plaintiff" if result in (Result.REJECTED, Result.DISMISSED) else "defendant"
            suit.state = State.JUDGED
            suit.effective_on = None
            log.append(("appeal", "上诉", suit.appealed_on))
    n = _save(suit, log, ct, staff, hearings)
    if suit.appealed and suit.appealed_on + timedelta(days=20) <= today:
        _appeal(rng, suit, staff, ct, today)
    return n


def _appeal(rng, first, staff, ct, today):
    """The second instance of an appealed case: its own record (the duty to appear is per instance)."""
    received = first.appealed_on + timedelta(days=rng.randint(10, 20))
    suit = Lawsuit(
        org=first.org, court="示范市中级人民法院", case_no=f"（{received.year}）浙07行终{first.pk}号", trial_level=Instance.APPEAL,
        plaintiff=first.plaintiff, defendant_org=first.defendant_org, co_defendant_government=first.co_defendant_government,
        reconsideration_case=first.reconsideration_case, act=first.act, act_kind=first.act_kind, complaint_received_on=received,
        previous_instance=first, defence_filed_on=received + timedelta(days=rng.randint(5, 12)), state=State.DEFENDED,
        created_by=staff, updated_by=staff,
    )
    log = [("file_defence", "提交答辩状", suit.defence_filed_on)]
    closed = suit.defence_filed_on + timedelta(days=rng.randint(30, 80))
    hearings = []
    if closed <= today:
        suit.result = Result.APPEAL_REJECTED if rng.random() < 0.9 else Result.REMANDED
        suit.closed_on = closed
        suit.served_on = closed + timedelta(days=3)
        suit.state = State.CLOSED
        hearings.append(Hearing(held_on=closed - timedelta(days=10), heard=True, head_appeared=True, head_name="示范", head_title="副局长"))
        log.append(("judge", "作出裁判", closed))
    _save(suit, log, ct, staff, hearings)


def _save(suit, log, ct, staff, hearings):
    suit.save()
    for h in hearings:
        h.lawsuit = suit
    Hearing.objects.bulk_create(hearings)
    if hearings:
        suit.refresh_hearing_flags()
        suit.save()
    TransitionLog.objects.bulk_create([TransitionLog(content_type=ct, object_id=suit.pk, transition=n, label=lb, on=on, by=staff) for n, lb, on in log])
    return 1
