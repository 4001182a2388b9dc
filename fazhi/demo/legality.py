"""Demo legality reviews, normative documents, meeting topics and cleanups of 示范县, 2023 to today.

* A stock of normative documents issued 2015–2022 (county government, departments, a few townships), numbered
  by the system's sequences year by year, filed, some already repealed; those of 2018 on carry a validity
  period (5 years, 暂行/试行 2 years).
* From 2023, 20–30 documents a year, each drafted by a department, publicly consulted for 30 days or more (a
  few shorter, with the reason), reviewed by the justice bureau, deliberated, registered and numbered,
  published and filed — through the real workflow, so that numbers, filing records and the log are what staff
  would have produced; this year's are at every stage, a few filings falling due.
* 100–350 items a year sent to the bureau for legality review: the normative drafts, the county government's
  meeting topics and other legal documents (the major decisions and administrative contracts, with their
  reviews, come from ``fazhi.demo.decisions``); some asked for supplements, most with a few opinion items.
* The county government's meeting topics, nearly all reviewed before the meeting.
* A county-wide cleanup in 2024 (about a hundred documents disposed of, the results published and the list in
  force produced) and this year's cleanup under way.

Deterministic (seeded generators, dates fixed by the year) and idempotent (nothing is created when the bureau
already has normative documents or reviews of these kinds)."""

import random
from datetime import date, timedelta

from fazhi.core.models import Org, User
from fazhi.core.periods import add_working_days, next_working_day

KINDS = ("normative_document", "meeting_topic", "other")
STOCK_PER_YEAR = {2015: 13, 2016: 15, 2017: 14, 2018: 17, 2019: 18, 2020: 16, 2021: 19, 2022: 21}
DOCS_PER_YEAR = {2023: 24, 2024: 27, 2025: 23}
OTHER_PER_YEAR = {2023: 58, 2024: 71, 2025: 84}
EXEC_MEETINGS = 24
TOPICS = [
    "农村宅基地", "城市养犬", "户外广告设置", "建筑垃圾处置", "城区停车", "电动自行车", "物业服务", "住房公积金", "公共资源交易",
    "政府投资项目", "国有资产", "殡葬", "烟花爆竹燃放", "生活垃圾分类", "农贸市场", "城镇燃气", "地下管线", "人才引进", "就业创业",
    "困难群众救助", "残疾人补贴", "农业保险", "耕地保护", "林地管理", "河道采砂", "饮用水源保护", "扬尘污染防治", "夜间经济", "网络预约出租汽车",
    "旅游民宿", "文物保护", "校外培训", "养老服务", "医疗保障", "安全生产", "应急物资储备", "消防安全", "行政执法", "涉企检查", "营商环境",
]
FORMS = ["管理办法", "管理规定", "实施办法", "实施细则", "若干规定", "暂行办法", "试行办法", "实施意见"]
DEPT_FORMS = ["管理办法", "实施细则", "暂行规定", "工作规范", "认定办法"]
LAWS = ["《中华人民共和国行政处罚法》", "《中华人民共和国行政许可法》", "《优化营商环境条例》", "《中华人民共和国土地管理法》",
        "《中华人民共和国民法典》", "《浙江省城市管理相对集中行政处罚权条例》", "《中华人民共和国安全生产法》", "《中华人民共和国环境保护法》"]
OTHER_TITLES = ["关于{t}问题的复函（代拟稿）", "{t}工作实施方案", "{t}专项整治行动方案", "关于{t}信访事项的答复意见", "{t}领域执法协作机制",
                "关于{t}的会议纪要（涉法部分）", "{t}政府信息公开答复（代拟稿）", "关于{t}的行政处理决定（代拟稿）"]
TOPIC_TITLES = ["关于{t}有关事项的请示", "{t}工作方案", "关于调整{t}政策的请示", "{t}专项资金管理方案"]
OPINION_ITEMS = [
    "第{n}条设定罚款，超出上位法规定的种类和幅度，应予删除。", "第{n}条增设行政许可条件，无上位法依据，建议删除。",
    "第{n}条“有关部门”表述不明确，应明确具体责任部门。", "建议补充规定当事人陈述、申辩的权利和救济途径。",
    "第{n}条减损公民、法人和其他组织权利，应予修改。", "建议明确施行日期和有效期。", "第{n}条与上位法表述不一致，建议按上位法表述。",
    "起草说明应补充公开征求意见及采纳情况。", "第{n}条涉及市场主体经济活动，应进行公平竞争审查。",
]
CONCLUSIONS = [("lawful", 62), ("lawful_if_amended", 35), ("unlawful", 3)]


def _pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


def _volume(table, year, default, today):
    volume = table.get(year, default)
    if year == today.year:
        days = (today - date(year, 1, 1)).days + 1
        volume = max(1, volume * days // 365)
    return volume


def build(county, today, rng=None):
    """Create the demo records unless the bureau already has them. Returns {"reviews": n, "normative": n,
    "topics": n, "cleanups": n}."""
    from fazhi.legality.models import ReviewRequest
    from fazhi.normative.models import NormativeDocument

    bureau = Org.objects.get(code="demo-sfj")
    out = {"reviews": 0, "normative": 0, "topics": 0, "cleanups": 0}
    if NormativeDocument.objects.filter(issuer__path__startswith=county.path).exists() or ReviewRequest.objects.filter(org=bureau, kind__in=KINDS).exists():
        return out
    rng = rng or random.Random(20230401)
    ctx = _Ctx(county, bureau, today, rng)
    out["normative"] += ctx.stock()
    for year in range(2023, today.year + 1):
        out["normative"] += ctx.documents(year)
        ctx.other_reviews(year)
        out["topics"] += ctx.topics(year)
    out["normative"] += ctx.current()
    out["reviews"] = ctx.reviews_made
    out["cleanups"] = ctx.cleanups()
    from fazhi.normative.services import expire_lapsed

    expire_lapsed(today, user=ctx.staff)
    return out


class _Ctx:
    def __init__(self, county, bureau, today, rng):
        from fazhi.advisers.models import LegalAdviser

        self.county, self.bureau, self.today, self.rng = county, bureau, today, rng
        self.staff = User.objects.filter(username="section").first()
        self.reviewers = [u for u in (self.staff, User.objects.filter(username="bureau").first()) if u is not None]
        orgs = Org.objects.filter(path__startswith=county.path)
        self.departments = list(orgs.filter(kind="department").order_by("code"))
        self.townships = list(orgs.filter(kind="township").order_by("code"))
        self.advisers = list(LegalAdviser.objects.filter(org=bureau).order_by("contract_start", "pk"))
        self.titles = [f"示范县{t}{f}" for t in TOPICS for f in FORMS]
        rng.shuffle(self.titles)
        self.reviews_made = 0
        self.meeting_no = {}

    # ---- helpers ---------------------------------------------------------------------------------------
    def title(self, issuer):
        base = self.titles.pop() if self.titles else f"示范县{self.rng.choice(TOPICS)}{self.rng.choice(FORMS)}"
        if issuer.kind == "government":
            return base
        topic = next((t for t in TOPICS if t in base), self.rng.choice(TOPICS))
        return f"{issuer.name}{topic}{self.rng.choice(DEPT_FORMS)}"

    def issuer(self):
        r = self.rng.random()
        if r < 0.55:
            return self.county
        if r < 0.93:
            return self.rng.choice(self.departments)
        return self.rng.choice(self.townships)

    def adviser_on(self, on):
        return next((a for a in self.advisers if a.contract_start <= on <= a.contract_end), None)

    def review(self, kind, title, submitting, submitted, *, min_days=2, max_days=12, supplement=0.1, items=True):
        """A review request of the bureau; issued when its opinion date is past, else open at its stage."""
        from fazhi.legality.models import AdviserConsultation, ClockStop, OpinionItem, ReviewRequest

        rng, today = self.rng, self.today
        review = ReviewRequest(org=self.bureau, kind=kind, title=title, submitting_org=submitting, submitted_on=submitted,
                               contact=_person(rng), legal_basis=rng.choice(LAWS) + "等", procedure_note="已按规定征求意见并经本单位法制机构审核。",
                               created_by=self.staff, updated_by=self.staff)
        received = next_working_day(submitted + timedelta(days=1))
        stop = None
        if received <= today:
            review.received_on = received
            review.state = "reviewing"
            review.reviewer = rng.choice(self.reviewers)
            review.assigned_on = received
            if rng.random() < supplement:
                s = add_working_days(received, rng.randint(1, 3))
                e = add_working_days(s, rng.randint(2, 8))
                if s <= today:
                    stop = (s, e if e <= today else None)
                    review.state = "supplement" if stop[1] is None else "reviewing"
        opinion = add_working_days(received, rng.randint(min_days, max_days))
        if stop is not None and stop[1] is not None:
            opinion = add_working_days(opinion, (stop[1] - stop[0]).days * 5 // 7 + 1)
        issued = received <= today and opinion <= today and (stop is None or stop[1] is not None)
        review.save()
        self.reviews_made += 1
        if stop is not None:
            ClockStop.objects.create(review=review, start=stop[0], end=stop[1], reason="请补充起草说明及征求意见采纳情况")
        if not issued:
            review.save()  # the deadline, now that the clock stop exists
            return review
        conclusion = _pick(rng, CONCLUSIONS)
        review.state, review.conclusion, review.opinion_on = "issued", conclusion, opinion
        review.opinion_summary = {"lawful": "经审查，该文件制定主体适格，未超越法定权限，程序合法，内容不违反法律、法规、规章和上级文件规定。",
                                  "lawful_if_amended": "经审查，该文件总体合法，但部分条款需修改完善，修改后可提交审议。",
                                  "unlawful": "经审查，该文件部分内容无上位法依据，不宜提交审议。"}[conclusion]
        if kind == "normative_document" and rng.random() < 0.4 and self.adviser_on(received):
            adviser = self.adviser_on(received)
            AdviserConsultation.objects.create(review=review, adviser=adviser, asked_on=received, replied_on=min(add_working_days(received, 2), opinion),
                                               opinion="经研究，同意审查机构意见。" if conclusion == "lawful" else "建议对罚则部分作进一步论证。")
        n_items = rng.randint(1, 5) if conclusion != "lawful" else (rng.randint(0, 2) if items else 0)
        for i in range(1, n_items + 1):
            OpinionItem.objects.create(review=review, number=i, content=rng.choice(OPINION_ITEMS).format(n=rng.randint(3, 25)),
                                       adopted=True if rng.random() < 0.9 else False)
        review.review_working_days = review.working_days_until(opinion)
        review.save()
        return review

    def meeting(self, on):
        """The county government's executive meeting on or after ``on`` (numbered through its year)."""
        n = min(EXEC_MEETINGS, max(1, (on - date(on.year, 1, 1)).days * EXEC_MEETINGS // 365 + 1))
        return f"县政府{on.year}年第{n}次常务会议"

    # ---- normative documents ----------------------------------------------------------------------------
    def stock(self):
        """2015–2022: numbered, published and filed before the platform."""
        from fazhi.normative import services
        from fazhi.normative.models import FilingRecord, NormativeDocument

        rng, made = self.rng, 0
        for year, n in STOCK_PER_YEAR.items():
            days = sorted(rng.randrange(5, 360) for _ in range(n))
            for d in days:
                on = next_working_day(date(year, 1, 1) + timedelta(days=d))
                issuer = self.issuer()
                drafting = issuer if issuer.kind != "government" else rng.choice(self.departments)
                doc = NormativeDocument(org=drafting, issuer=issuer, title=self.title(issuer), legal_basis=rng.choice(LAWS),
                                        summary="规定了适用范围、职责分工、管理措施和法律责任。", state="published", registered_on=on - timedelta(days=3),
                                        published_on=on, effective_on=on, publication_medium="示范县人民政府门户网站", status="effective",
                                        deliberation_meeting=self.meeting(on) if issuer.kind == "government" else "局务会议",
                                        deliberated_on=on - timedelta(days=10), created_by=self.staff, updated_by=self.staff)
                if year >= 2018:
                    doc.validity_years = 2 if ("暂行" in doc.title or "试行" in doc.title) else 5
                if rng.random() < 0.07:
                    repealed = date(rng.choice((2020, 2021, 2022)), rng.randint(1, 12), 15)
                    if repealed <= on:  # a document is repealed after it is published (the pages refuse the other way)
                        repealed = on + timedelta(days=365)
                    doc.status, doc.ended_on, doc.status_note = "repealed", repealed, "因上位法修改废止"
                services.number(doc, year)
                doc.save()
                services.create_filings(doc)
                for f in FilingRecord.objects.filter(document=doc):
                    f.submitted_on = on + timedelta(days=rng.randint(5, 26) if rng.random() < 0.93 else rng.randint(31, 45))
                    f.outcome, f.outcome_on = "approved", f.submitted_on + timedelta(days=rng.randint(10, 30))
                    f.save()
                doc.refresh_filing()
                doc.save()
                made += 1
        return made

    def documents(self, year):
        """This year's documents through the real workflow, each with its legality review."""
        from fazhi.core.workflow import TransitionRefused
        from fazhi.normative.models import NormativeDocument
        from fazhi.normative.services import WORKFLOW

        rng, today, made = self.rng, self.today, 0
        volume = DOCS_PER_YEAR.get(year, 25)
        for i in range(volume):
            published = date(year, 1, 1) + timedelta(days=int(365 * (i + rng.random()) / volume))
            issuer = self.issuer()
            drafting = issuer if issuer.kind != "government" else rng.choice(self.departments)
            submitted = add_working_days(published, -rng.randint(30, 45))
            if submitted > today:
                continue
            short = rng.random() < 0.08
            c_end = submitted - timedelta(days=rng.randint(3, 12))
            c_start = c_end - timedelta(days=rng.randint(15, 25) if short else rng.randint(30, 40))
            doc = NormativeDocument(org=drafting, issuer=issuer, title=self.title(issuer), legal_basis=rng.choice(LAWS) + "等法律法规",
                                    summary="规定了适用范围、职责分工、管理措施、监督检查和法律责任。", consultation_start=c_start, consultation_end=c_end,
                                    consultation_note="因上级部署时间要求紧，征求意见期限缩短，已通过座谈会补充听取意见。" if short else "",
                                    issuing_no="", created_by=self.staff, updated_by=self.staff)
            doc.save()
            made += 1
            review = self.review("normative_document", doc.title + "（送审稿）", drafting, submitted, min_days=4, max_days=12, supplement=0.15)
            doc.legality_review = review
            if review.state != "issued" or review.conclusion == "unlawful":
                doc.save()
                continue
            deliberated = add_working_days(review.opinion_on, rng.randint(3, 10))
            if deliberated > today:
                doc.save()
                continue
            doc.deliberated_on = deliberated
            doc.deliberation_meeting = self.meeting(deliberated) if issuer.kind == "government" else ("局务会议" if issuer.kind == "department" else "党政联席会议")
            doc.save()
            registered = add_working_days(deliberated, rng.randint(1, 4))
            publish_on = add_working_days(registered, rng.randint(1, 6))
            try:
                if registered <= today:
                    doc, _ = WORKFLOW.run(doc, "register", {"on": registered}, user=self.staff)
                if publish_on <= today and doc.state == "registered":
                    doc, _ = WORKFLOW.run(doc, "publish", {"on": publish_on, "publication_medium": "示范县人民政府门户网站"}, user=self.staff)
            except TransitionRefused:  # pragma: no cover - the demo keeps to the rules
                continue
            if doc.state != "published":
                continue
            for filing in doc.filings.all():
                # Late filings only in the current year: the published years pass every check (the shop window).
                late = rng.random() < 0.05 and publish_on.year >= today.year
                submitted_on = publish_on + timedelta(days=rng.randint(31, 40) if late else rng.randint(5, 27))
                if submitted_on > today:
                    continue
                doc, _ = WORKFLOW.run(doc, "file", {"on": submitted_on, "filing": filing.pk}, user=self.staff)
                outcome_on = submitted_on + timedelta(days=rng.randint(10, 30))
                if outcome_on <= today:
                    outcome = "approved" if rng.random() < 0.9 else "approved_after_correction"
                    doc, _ = WORKFLOW.run(doc, "filing_outcome", {"on": outcome_on, "filing": filing.pk, "outcome": outcome}, user=self.staff)
        return made

    def current(self):
        """What 我的待办 shows on any day: reviews at every open stage (one overdue, one about to fall due, one
        waiting for supplements, one just sent), and a document of the public security bureau published 25 days
        ago whose filing falls due within the week."""
        from fazhi.legality.models import ClockStop, ReviewRequest
        from fazhi.normative.models import NormativeDocument
        from fazhi.normative.services import WORKFLOW

        rng, today, d01 = self.rng, self.today, Org.objects.get(code="demo-d01")
        specs = [("示范县公安局警务辅助人员管理办法（送审稿）", d01, -22, None), ("关于城区临时占道经营管理的复函（代拟稿）", self.departments[5], -13, None),
                 ("示范县农村危房改造资金管理办法（送审稿）", self.departments[3], -8, -3), ("关于规范涉企行政检查的通知（送审稿）", d01, None, None)]
        for title, unit, received_back, stop_back in specs:
            kind = "normative_document" if "送审稿" in title else "other"
            received = add_working_days(today, received_back) if received_back else None
            review = ReviewRequest(org=self.bureau, kind=kind, title=title, submitting_org=unit, contact=_person(rng),
                                   submitted_on=add_working_days(received, -1) if received else add_working_days(today, -1),
                                   received_on=received, state="reviewing" if received else "submitted", reviewer=self.staff if received else None,
                                   assigned_on=received, created_by=self.staff, updated_by=self.staff)
            review.save()
            self.reviews_made += 1
            if stop_back:
                ClockStop.objects.create(review=review, start=add_working_days(today, stop_back), reason="请补充资金来源说明和征求意见情况")
                review.state = "supplement"
                review.save()
        published = today - timedelta(days=25)
        opinion = add_working_days(published, -12)
        review = ReviewRequest(org=self.bureau, kind="normative_document", title="示范县公安局电动自行车登记管理办法（送审稿）", submitting_org=d01,
                               submitted_on=add_working_days(opinion, -8), received_on=add_working_days(opinion, -7), state="issued", conclusion="lawful",
                               opinion_on=opinion, opinion_summary="经审查，该文件合法。", reviewer=self.staff, created_by=self.staff, updated_by=self.staff)
        review.review_working_days = 7
        review.save()
        self.reviews_made += 1
        doc = NormativeDocument.objects.create(
            org=d01, issuer=d01, title="示范县公安局电动自行车登记管理办法", legal_basis="《中华人民共和国道路交通安全法》",
            consultation_start=review.submitted_on - timedelta(days=45), consultation_end=review.submitted_on - timedelta(days=10),
            legality_review=review, deliberation_meeting="局党委会议", deliberated_on=add_working_days(opinion, 3), created_by=self.staff, updated_by=self.staff,
        )
        doc, _ = WORKFLOW.run(doc, "register", {"on": add_working_days(opinion, 5)}, user=self.staff)
        WORKFLOW.run(doc, "publish", {"on": published, "publication_medium": "示范县人民政府门户网站"}, user=self.staff)
        return 1

    # ---- other reviews and meeting topics ---------------------------------------------------------------
    def other_reviews(self, year):
        rng, made = self.rng, 0
        volume = _volume(OTHER_PER_YEAR, year, 80, self.today)
        units = self.departments + self.townships
        last = date(year, 12, 31) if year < self.today.year else self.today
        span = (last - date(year, 1, 1)).days + 1
        for i in range(volume):
            submitted = next_working_day(date(year, 1, 1) + timedelta(days=int(span * (i + rng.random()) / volume)))
            if submitted > self.today:
                continue
            self.review("other", rng.choice(OTHER_TITLES).format(t=rng.choice(TOPICS)), rng.choice(units), submitted, min_days=2, max_days=10, items=False)
            made += 1
        return made

    def topics(self, year):
        """The executive meetings' topics: most reviewed beforehand (a review of kind meeting_topic, or the
        review of the normative document or major decision the topic is about)."""
        from fazhi.legality.choices import MeetingKind
        from fazhi.legality.models import MeetingTopic, ReviewRequest

        rng, made = self.rng, 0
        for n in range(1, EXEC_MEETINGS + 1):
            on = next_working_day(date(year, 1, 8) + timedelta(days=(n - 1) * 15))
            if on > self.today:
                break
            name = f"县政府{year}年第{n}次常务会议"
            for _ in range(rng.randint(1, 3)):
                unit = rng.choice(self.departments)
                title = rng.choice(TOPIC_TITLES).format(t=rng.choice(TOPICS))
                reviewed = rng.random() < 0.96 or year < self.today.year  # unreviewed topics only this year
                review = None
                if reviewed:
                    review = self.review("meeting_topic", title, unit, add_working_days(on, -rng.randint(9, 14)), min_days=2, max_days=5, supplement=0.0, items=False)
                    if review.state != "issued":
                        review, reviewed = None, False
                MeetingTopic.objects.create(org=self.county, title=title, meeting_kind=MeetingKind.EXECUTIVE, meeting_name=name, meeting_on=on,
                                            submitting_org=unit, put_to_meeting=True, reviewed=reviewed, review=review,
                                            created_by=self.staff, updated_by=self.staff)
                made += 1
        # Topics about the county government's normative documents and major decisions, deliberated this year.
        from fazhi.normative.models import NormativeDocument

        for doc in NormativeDocument.objects.filter(issuer=self.county, deliberated_on__year=year, legality_review__isnull=False):
            MeetingTopic.objects.create(org=self.county, title=f"审议《{doc.title}》", meeting_kind=MeetingKind.EXECUTIVE, meeting_name=doc.deliberation_meeting,
                                        meeting_on=doc.deliberated_on, submitting_org=doc.org, put_to_meeting=True, reviewed=True, review=doc.legality_review,
                                        created_by=self.staff, updated_by=self.staff)
            made += 1
        for review in ReviewRequest.objects.filter(org=self.bureau, kind="major_decision", state="issued", opinion_on__year=year):
            on = add_working_days(review.opinion_on, 8)
            if on <= self.today:
                MeetingTopic.objects.create(org=self.county, title=f"审议《{review.title}》", meeting_kind=MeetingKind.EXECUTIVE, meeting_name=self.meeting(on),
                                            meeting_on=on, submitting_org=review.submitting_org, put_to_meeting=True, reviewed=True, review=review,
                                            created_by=self.staff, updated_by=self.staff)
                made += 1
        return made

    # ---- cleanups -----------------------------------------------------------------------------------------
    def cleanups(self):
        from fazhi.normative.models import CleanupCampaign
        from fazhi.normative.services import CAMPAIGN_WORKFLOW

        rng, today, made = self.rng, self.today, 0
        started, applied = date(2024, 9, 2), date(2024, 12, 20)
        if started <= today:
            c = CleanupCampaign.objects.create(org=self.bureau, name="2024年全县行政规范性文件集中清理", scope_org=self.county, started_on=started,
                                               note="根据县政府办公室通知，对截至2024年8月底的现行规范性文件进行全面清理。", created_by=self.staff, updated_by=self.staff)
            for rule, extra in (("older_than", {"years": 6}), ("interim_lapsed", {}), ("expiring", {"months": 6})):
                c, _ = CAMPAIGN_WORKFLOW.run(c, "select", {"on": started, "rule": rule, **extra}, user=self.staff)
            for item in c.items.select_related("document"):
                doc = item.document
                if doc.interim:
                    item.disposition = "declared_invalid" if rng.random() < 0.8 else "repealed"
                elif doc.expires_on:
                    item.disposition = "amended" if rng.random() < 0.5 else "repealed"
                else:
                    item.disposition = _pick(rng, [("kept", 45), ("repealed", 28), ("declared_invalid", 17), ("amended", 10)])
                item.note = {"kept": "符合上位法规定，继续有效", "amended": "部分条款与上位法不一致，需修改", "repealed": "上位法已修改或调整对象已消失",
                             "declared_invalid": "适用期已过，宣布失效"}[item.disposition]
                item.save()
            if applied <= today:
                CAMPAIGN_WORKFLOW.run(c, "apply", {"on": applied}, user=self.staff)
            made += 1
        if today.year > 2024:
            started = today - timedelta(days=20)
            c = CleanupCampaign.objects.create(org=self.bureau, name=f"{today.year}年有效期届满文件清理", scope_org=self.county, started_on=started,
                                               note="对一年内有效期届满的规范性文件进行评估清理。", created_by=self.staff, updated_by=self.staff)
            c, _ = CAMPAIGN_WORKFLOW.run(c, "select", {"on": started, "rule": "expiring", "months": 12}, user=self.staff)
            for k, item in enumerate(c.items.order_by("id")):
                if k % 2 == 0:
                    item.disposition, item.note = ("kept", "继续有效，重新登记公布") if k % 4 == 0 else ("amended", "拟修改")
                    item.save()
            made += 1
        return made


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志文斌宁晨晓东海燕"


def _person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def reset(county):
    """Remove the demo county's cleanups, normative documents, meeting topics and legality reviews (after the
    registries that point at reviews have removed their records)."""
    from fazhi.legality.models import MeetingTopic, ReviewRequest
    from fazhi.normative.models import CleanupCampaign, NormativeDocument

    CleanupCampaign.objects.filter(org__path__startswith=county.path).delete()
    NormativeDocument.objects.filter(org__path__startswith=county.path).delete()
    MeetingTopic.objects.filter(org__path__startswith=county.path).delete()
    ReviewRequest.objects.filter(org__path__startswith=county.path).delete()
