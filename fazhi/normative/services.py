"""The normative document workflow (起草 → 登记编号 → 公布 → 备案, then 修改/废止/宣布失效), numbering,
filing records, the cleanup campaigns and the deadlines for 我的待办 (filing due, expiry six months ahead)."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.models import NumberSequence, subtree_q
from fazhi.core.numbering import allocate
from fazhi.core.todos import Todo, scoped
from fazhi.core.workflow import Transition, TransitionRefused, Workflow, not_before

from . import forms
from .choices import IN_FORCE, Authority, CampaignState, Disposition, SelectionRule, State, Status
from .models import (
    CleanupCampaign,
    CleanupItem,
    FilingRecord,
    NormativeDocument,
    add_months,
    format_number,
    in_force_q,
)

# ---- numbering -------------------------------------------------------------------------------------------


def sequence_key(issuer):
    return f"{issuer.code}:normative"


def number(doc, year):
    """Give ``doc`` the next unified number of its issuer in ``year`` (统一编号), inside the caller's
    transaction. A number once given is never given again, even if the document is deleted."""
    if doc.document_no:
        return doc.document_no
    if not doc.issuer.short_name:
        raise TransitionRefused(f"制定机关“{doc.issuer.name}”未设置简称，无法统一编号，请联系系统管理员在机构中填写简称。")
    serial = allocate(sequence_key(doc.issuer), year)
    doc.number_year, doc.number_serial = year, serial
    doc.document_no = format_number(doc.issuer, year, serial)
    return doc.document_no


def reserve_number(doc, year, serial):
    """Keep a number a document received before the platform (Excel ledger), and move the issuer's sequence of
    that year past it so that the system never allocates it again."""
    key = sequence_key(doc.issuer)
    with transaction.atomic():
        seq, _ = NumberSequence.objects.get_or_create(key=key, year=year, defaults={"last": 0})
        NumberSequence.objects.filter(pk=seq.pk, last__lt=serial).update(last=serial)
    doc.number_year, doc.number_serial = year, serial
    doc.document_no = format_number(doc.issuer, year, serial)
    return doc.document_no


def create_filings(doc):
    """The filing records a published document needs (by its issuer's level), each due
    ``normative_filing_days`` from publication."""
    for authority, name in doc.filing_authorities():
        FilingRecord.objects.get_or_create(document=doc, authority=authority, defaults={"authority_name": name})


# ---- transitions ------------------------------------------------------------------------------------------


def guard_register(doc, data):
    """统一登记: only a draft that passed legality review (not found unlawful) and collective deliberation,
    after public consultation of at least 30 days or with the reason for a shorter one."""
    review = doc.legality_review
    if review is None or review.state != "issued":
        return "未经合法性审查（或尚未出具审查意见）的文件不能登记编号，请先关联已出具意见的合法性审查。"
    if review.conclusion == "unlawful":
        return "合法性审查结论为“不合法”的文件不能登记编号。"
    if not doc.deliberated_on:
        return "尚未登记集体审议（会议和日期），不能登记编号。"
    if not doc.consultation_start and not doc.consultation_note.strip():
        return "尚未登记公开征求意见情况；未公开征求意见的，须在“征求意见情况说明”中说明理由。"
    days = doc.consultation_days()
    if days is not None and days < 30 and not doc.consultation_note.strip():
        return f"公开征求意见仅{days}日，少于30日的须说明理由。"
    if not doc.issuer.short_name:
        return f"制定机关“{doc.issuer.name}”未设置简称，无法统一编号。"
    return not_before(doc, data["on"], sets="registered_on")


def apply_register(doc, data, user):
    doc.registered_on = data["on"]
    number(doc, data["on"].year)


def guard_publish(doc, data):
    return not_before(doc, data["on"], sets="published_on")


def apply_publish(doc, data, user):
    doc.published_on = data["on"]
    doc.effective_on = data.get("effective_on") or data["on"]
    doc.publication_medium = data.get("publication_medium", "")
    doc.validity_years = data.get("validity_years") or doc.default_validity_years()
    doc.status = Status.EFFECTIVE
    create_filings(doc)


def guard_file(doc, data):
    return not_before(doc, data["on"], "published_on")


def apply_file(doc, data, user):
    filing = doc.filings.get(pk=data["filing"])
    filing.submitted_on = data["on"]
    filing.save()
    data["authority"] = filing.authority_name
    data["on_time"] = filing.on_time
    doc.refresh_filing()


def guard_filing_outcome(doc, data):
    filing = doc.filings.filter(pk=data["filing"]).first()
    if filing is None or not filing.submitted_on:
        return "该备案尚未报送。"
    if data["on"] < filing.submitted_on:
        return f"审查结果日期不能早于报送日期（{filing.submitted_on:%Y-%m-%d}）。"
    return None


def apply_filing_outcome(doc, data, user):
    filing = doc.filings.get(pk=data["filing"])
    filing.outcome, filing.outcome_on = data["outcome"], data["on"]
    filing.save()
    data["authority"] = filing.authority_name


def _in_force(doc):
    return doc.status in IN_FORCE


def _status(status, ends):
    def apply(doc, data, user):
        doc.status = status
        doc.status_note = data.get("reason", "")[:200]
        if ends:
            doc.ended_on = data["on"]
    return apply


def guard_status(doc, data):
    return not_before(doc, data["on"], "published_on")


def apply_abandon(doc, data, user):
    doc.status_note = data.get("reason", "")[:200]


WORKFLOW = Workflow(
    NormativeDocument,
    [
        Transition(name="register", label="登记编号", sources={State.DRAFTING}, target=State.REGISTERED, form=forms.RegisterForm, guard=guard_register, apply=apply_register,
                   help="统一登记、统一编号：编号由系统按制定机关和年度分配（如 浦政规〔2021〕3号），不能手工填写，也不会重复使用。"),
        Transition(name="publish", label="公布", sources={State.REGISTERED}, target=State.PUBLISHED, form=forms.PublishForm, guard=guard_publish, apply=apply_publish,
                   help="公布后自动生成备案事项，报备期限自公布之日起计算（地方规则，默认30日）。"),
        Transition(name="file", label="报送备案", sources={State.PUBLISHED}, form=forms.FileForm, guard=guard_file, apply=apply_file,
                   applies=lambda d: d.filings.filter(submitted_on__isnull=True).exists()),
        Transition(name="filing_outcome", label="登记备案审查结果", sources={State.PUBLISHED}, form=forms.FilingOutcomeForm, guard=guard_filing_outcome, apply=apply_filing_outcome,
                   style="secondary", applies=lambda d: d.filings.filter(submitted_on__isnull=False, outcome="").exists()),
        Transition(name="amend", label="修改", sources={State.PUBLISHED}, form=forms.StatusChangeForm, guard=guard_status, apply=_status(Status.AMENDED, False), style="secondary",
                   applies=_in_force),
        Transition(name="repeal", label="废止", sources={State.PUBLISHED}, form=forms.StatusChangeForm, guard=guard_status, apply=_status(Status.REPEALED, True), style="warning",
                   applies=_in_force),
        Transition(name="declare_invalid", label="宣布失效", sources={State.PUBLISHED}, form=forms.StatusChangeForm, guard=guard_status, apply=_status(Status.DECLARED_INVALID, True),
                   style="warning", applies=_in_force),
        Transition(name="abandon", label="终止制定", sources={State.DRAFTING, State.REGISTERED}, target=State.ABANDONED, form=forms.StatusChangeForm, apply=apply_abandon, style="outline-danger",
                   help="已分配的统一编号不再使用。"),
    ],
)


def expire_lapsed(today, user=None):
    """Mark documents whose validity has run out as 失效 (ended the day after expiry), each save kept in the
    field history and the whole run in one audit event. Returns the number changed."""
    changed = []
    with transaction.atomic():
        for doc in NormativeDocument.objects.select_for_update().filter(state=State.PUBLISHED, status__in=IN_FORCE, expires_on__lt=today):
            from datetime import timedelta

            doc.status = Status.EXPIRED
            doc.ended_on = doc.ended_on or doc.expires_on + timedelta(days=1)
            doc.status_note = "有效期届满"
            doc._history_user = user
            doc.save()
            changed.append(doc.pk)
        if changed:
            record(None, AuditAction.UPDATE, user=user, message=f"有效期届满，{len(changed)}件规范性文件标注为失效",
                   detail={"model": NormativeDocument._meta.label, "pks": changed})
    return len(changed)


# ---- cleanup ------------------------------------------------------------------------------------------------


def candidates(campaign):
    """Documents a cleanup may take: published within the campaign's scope, not already repealed or declared
    invalid, not yet in the campaign."""
    return (
        NormativeDocument.objects.filter(subtree_q("issuer", campaign.scope_org), state=State.PUBLISHED)
        .exclude(status__in=[Status.REPEALED, Status.DECLARED_INVALID])
        .exclude(cleanup_items__campaign=campaign)
    )


def select_documents(campaign, rule, on, *, months=None, years=None, keyword=""):
    """Add the documents matching ``rule`` (as of ``on``) to the campaign; returns the number added."""
    from fazhi.core.rules import get_rule

    qs = candidates(campaign)
    if rule == SelectionRule.EXPIRING:
        qs = qs.filter(in_force_q(on), expires_on__isnull=False, expires_on__lte=add_months(on, months))
        reason = f"有效期将在{months}个月内届满"
    elif rule == SelectionRule.OLDER_THAN:
        qs = qs.filter(published_on__lte=add_months(on, -12 * years))
        reason = f"公布已满{years}年"
    elif rule == SelectionRule.INTERIM_LAPSED:
        interim_years = get_rule(campaign.scope_org, "normative_interim_validity_years")
        qs = qs.filter(interim=True).filter(Q(expires_on__lt=on) | Q(expires_on__isnull=True, effective_on__lte=add_months(on, -12 * interim_years)))
        reason = "暂行、试行文件已过有效期"
    else:
        word = keyword.strip()
        qs = qs.filter(Q(title__icontains=word) | Q(legal_basis__icontains=word) | Q(summary__icontains=word))
        reason = f"涉及“{word}”"
    docs = list(qs.order_by("published_on", "pk"))
    CleanupItem.objects.bulk_create([CleanupItem(campaign=campaign, document=d, reason=reason) for d in docs])
    return len(docs), reason


def guard_select(campaign, data):
    return None


def apply_select(campaign, data, user):
    n, reason = select_documents(campaign, data["rule"], data["on"], months=data.get("months"), years=data.get("years"), keyword=data.get("keyword") or "")
    line = f"{data['on']:%Y-%m-%d} {reason}：选取{n}件"
    campaign.criteria = "\n".join(x for x in (campaign.criteria, line) if x)
    data["selected"] = n


def guard_apply(campaign, data):
    items = list(campaign.items.all())
    if not items:
        return "清理尚未选取任何文件。"
    pending = sum(1 for i in items if not i.disposition)
    if pending:
        return f"还有{pending}件文件未确定清理结果（继续有效、修改、废止或宣布失效），不能公布。"
    return not_before(campaign, data["on"], sets="applied_on")


DISPOSITION_STATUS = {
    Disposition.AMENDED: Status.AMENDED,
    Disposition.REPEALED: Status.REPEALED,
    Disposition.DECLARED_INVALID: Status.DECLARED_INVALID,
}


def apply_campaign(campaign, data, user):
    """Change each document's status by its disposition, in the workflow's transaction; each document's
    change is kept in its field history (with the user), and the counts go into the audit event's detail."""
    campaign.applied_on = data["on"]
    counts = {d.value: 0 for d in Disposition}
    for item in campaign.items.select_related("document"):
        doc = item.document
        counts[item.disposition] += 1
        if item.disposition == Disposition.KEPT:
            doc.status_note = f"{campaign.name}：继续有效"
        else:
            doc.status = DISPOSITION_STATUS[item.disposition]
            doc.status_note = f"{campaign.name}：{item.get_disposition_display()}"
            if item.disposition in (Disposition.REPEALED, Disposition.DECLARED_INVALID):
                doc.ended_on = data["on"]
        doc._history_user = user
        doc.updated_by = user
        doc.save()
    data["counts"] = counts


CAMPAIGN_WORKFLOW = Workflow(
    CleanupCampaign,
    [
        Transition(name="select", label="按规则选取文件", sources={CampaignState.OPEN}, form=forms.SelectForm, guard=guard_select, apply=apply_select,
                   help="可多次选取：有效期将届满、公布已满若干年、暂行试行已过期、涉及某法律或主题。已在本次清理中的文件不会重复选取。"),
        Transition(name="apply", label="公布清理结果", sources={CampaignState.OPEN}, target=CampaignState.APPLIED, form=forms.ApplyForm, guard=guard_apply, apply=apply_campaign,
                   help="一次性更新各文件的效力状态，并生成现行有效文件目录。"),
    ],
)


def in_force_documents(campaign, on=None):
    """The documents of the campaign's scope still in force on ``on`` (default: the day results were published)."""
    on = on or campaign.applied_on or campaign.started_on
    return NormativeDocument.objects.filter(in_force_q(on), subtree_q("issuer", campaign.scope_org))


# ---- the ledger import -------------------------------------------------------------------------------------


def derive_state(doc, data):
    """A document imported from a ledger row (``NormativeLedgerForm``) as published when it has a publication
    date: its dates and status as given (registered and in effect on publication unless stated otherwise)."""
    if data.get("published_on"):
        doc.state = State.PUBLISHED
        doc.published_on = data["published_on"]
        doc.registered_on = doc.registered_on or data["published_on"]
        doc.effective_on = data.get("effective_on") or data["published_on"]
        doc.validity_years = data.get("validity_years")
        doc.status = data.get("status") or Status.EFFECTIVE
        doc.ended_on = data.get("ended_on")


def number_and_file(doc, data):
    """Once a published document of a ledger row is saved: the number it had (reserved) or the next one of its
    publication year, its filing records, and the filing dates given."""
    if doc.state != State.PUBLISHED:
        return
    if data.get("number_parts"):
        year, serial = data["number_parts"]
        reserve_number(doc, year, serial)
    else:
        number(doc, doc.published_on.year)
    create_filings(doc)
    for filing in doc.filings.all():
        on = data.get("congress_filed_on" if filing.authority == Authority.CONGRESS else "government_filed_on")
        if on:
            filing.submitted_on = on
            filing.save()
    doc.refresh_filing()
    doc.save()


# ---- 我的待办 ----------------------------------------------------------------------------------------------


def todos(user, today, horizon, org=None):
    """Filings due by ``horizon`` (overdue included), and documents in force whose validity ends within six
    months (evaluate them before expiry), in scope."""
    docs = scoped(NormativeDocument, user, org)
    filings = FilingRecord.objects.filter(document__in=docs.values("pk"), submitted_on__isnull=True, due_on__lte=horizon).select_related("document", "document__org")
    for filing in filings:
        doc = filing.document
        yield Todo(
            title=f"{doc.document_no or doc.title}：报{filing.authority_name}备案",
            due=filing.due_on,
            url=reverse("normative:normativedocument_detail", args=[doc.pk]),
            kind="规范性文件",
            org=doc.org.name,
        )
    warn_until = add_months(today, 6)
    for doc in docs.filter(state=State.PUBLISHED, status__in=IN_FORCE, expires_on__isnull=False, expires_on__lte=warn_until).select_related("org"):
        yield Todo(
            title=f"{doc.document_no}《{doc.title}》有效期届满，请评估（届满前六个月提醒）",
            due=doc.expires_on,
            url=reverse("normative:normativedocument_detail", args=[doc.pk]),
            kind="规范性文件",
            org=doc.org.name,
        )
