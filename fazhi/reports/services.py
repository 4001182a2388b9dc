"""Services of the annual report: creating a draft from the records, saving the edited blocks, rebuilding,
freezing (定稿), the changes in the records since a freeze, and the report calendar of the county's units.

Each service that writes runs in ``transaction.atomic()`` and either does all of its work or none: a save
whose text holds one unknown reference saves nothing (DESIGN.md §4.7), and a freeze writes the frozen
report and its audit event together (§4.2, §4.6)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from fazhi.core.audit import record
from fazhi.core.choices import AuditAction, OrgKind
from fazhi.core.rules import get_rule
from fazhi.indicators import definitions

from . import builder, tokens
from .choices import REQUIRED_PARTS, BlockLevel, ReportPart
from .models import REPORTING_KINDS, FrozenReport, ReportBlock, ReportDraft


# ---- the calendar ------------------------------------------------------------------------------------------
def due_dates(org, year):
    """(submission due, publication due) of ``org``'s report on ``year``, from the local rules: a department's
    or township's report goes to the county government by ``report_department_due`` (e.g. 03-01); every
    report is public by ``report_publish_due`` (04-01, 督察工作规定 Art. 24). The county government submits
    upwards and publishes by the publication date."""

    def on(rule):
        month, day = (int(x) for x in get_rule(org, rule).split("-"))
        return date(year + 1, month, day)

    publish = on("report_publish_due")
    submit = publish if org.kind == OrgKind.GOVERNMENT else on("report_department_due")
    return submit, publish


def default_issue_date(org, year):
    """The 成文日期 a new draft starts with: the unit's submission due date (people change it when they sign)."""
    return due_dates(org, year)[0]


# ---- drafts ------------------------------------------------------------------------------------------------
def _write_blocks(draft, specs):
    ReportBlock.objects.bulk_create(
        [ReportBlock(draft=draft, position=i, part=s.part, section=s.section, level=s.level, text=s.text, source=s.source)
         for i, s in enumerate(specs, start=1)]
    )


@transaction.atomic
def create_draft(org, year, *, user=None, request=None):
    """A new draft of ``org``'s report on ``year``, drafted from the records (builder.build_blocks)."""
    if org.kind not in REPORTING_KINDS:
        raise ValidationError("只有县政府、县直部门和乡镇（街道）编写法治政府建设年度报告。")
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise ValidationError("报告年度须为已经开始的年度。")
    if ReportDraft.objects.filter(org=org, year=year).exists():
        raise ValidationError(f"{org.name}{year}年度的报告已经存在。")
    draft = ReportDraft(org=org, year=year, title=builder.default_title(org, year), issuer=org.name,
                        issue_date=default_issue_date(org, year), created_by=user, updated_by=user)
    draft._history_user = user
    draft.save()
    _write_blocks(draft, builder.build_blocks(draft, user=user))
    record(request, AuditAction.CREATE, obj=draft, user=user, org=org, message=f"根据登记记录生成“{draft.title}”草稿")
    return draft


def get_or_create_draft(org, year, *, user=None, request=None):
    """The existing draft, or a new one drafted from the records. Returns (draft, created)."""
    draft = ReportDraft.objects.filter(org=org, year=year).first()
    if draft is not None:
        return draft, False
    return create_draft(org, year, user=user, request=request), True


@transaction.atomic
def rebuild_draft(draft, *, user=None, request=None):
    """Discard the blocks and draft them again from the records (the header is kept)."""
    ReportBlock.objects.filter(draft=draft).delete()
    _write_blocks(draft, builder.build_blocks(draft, user=user))
    draft.updated_by = user
    draft._history_user = user
    draft.save()
    record(request, AuditAction.UPDATE, obj=draft, user=user, org=draft.org, message=f"按登记记录重新生成“{draft.title}”")
    return draft


def _parse_date(value):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("成文日期格式不正确，应为“年-月-日”，如 2026-02-01。") from None


def validate_blocks(draft, data):
    """The cleaned header and blocks of an edit, or ValidationError with every problem (in Chinese).

    ``data``: {"title", "addressee", "issuer", "issue_date", "blocks": [{"id", "part", "section", "level", "text"}]}."""
    problems = []
    title = str(data.get("title") or "").strip()
    issuer = str(data.get("issuer") or "").strip()
    addressee = str(data.get("addressee") or "").strip().rstrip("：:")
    if not title:
        problems.append("标题不能为空。")
    if not issuer:
        problems.append("发文机关署名不能为空。")
    issue_date = None
    try:
        issue_date = _parse_date(data.get("issue_date"))
    except ValidationError as e:
        problems += e.messages
    raw = data.get("blocks")
    if not isinstance(raw, list) or not raw:
        raise ValidationError(problems + ["报告内容为空。"])
    own = set(draft.blocks.values_list("pk", flat=True))
    parts, levels = set(ReportPart.values), set(BlockLevel.values)
    blocks, seen = [], set()
    for i, b in enumerate(raw, start=1):
        if not isinstance(b, dict):
            problems.append(f"第{i}段格式不正确。")
            continue
        pk = b.get("id")
        if pk not in (None, ""):
            try:
                pk = int(pk)
            except (TypeError, ValueError):
                pk = -1
            if pk not in own or pk in seen:
                problems.append(f"第{i}段不属于本报告。")
                continue
            seen.add(pk)
        else:
            pk = None
        part, level = b.get("part"), b.get("level") or BlockLevel.PARAGRAPH
        if part not in parts:
            problems.append(f"第{i}段所属部分不正确。")
            continue
        if level not in levels:
            problems.append(f"第{i}段层级不正确。")
            continue
        text = " ".join(str(b.get("text") or "").replace("\u200b", "").replace("\u00a0", " ").split())
        problems += tokens.errors(text, f"第{i}段")
        blocks.append({"id": pk, "part": part, "section": str(b.get("section") or "")[:30], "level": level, "text": text})
    if problems:
        raise ValidationError(problems)
    return {"title": title[:200], "addressee": addressee[:200], "issuer": issuer[:100], "issue_date": issue_date}, blocks


@transaction.atomic
def save_draft(draft, data, *, user=None, request=None):
    """Save an edit of the draft: the header and the blocks in their new order (blocks left out are deleted).
    Every reference is checked first; any problem raises ValidationError and nothing is saved."""
    header, blocks = validate_blocks(draft, data)
    existing = {b.pk: b for b in draft.blocks.all()}
    keep = set()
    for position, b in enumerate(blocks, start=1):
        if b["id"] is not None:
            block = existing[b["id"]]
            keep.add(block.pk)
            changed = (block.position, block.part, block.section, block.level, block.text) != (position, b["part"], b["section"], b["level"], b["text"])
            if changed:
                block.position, block.part, block.section, block.level, block.text = position, b["part"], b["section"], b["level"], b["text"]
                block._history_user = user
                block.save()
        else:
            block = ReportBlock(draft=draft, position=position, part=b["part"], section=b["section"], level=b["level"], text=b["text"])
            block._history_user = user
            block.save()
    for pk, block in existing.items():
        if pk not in keep:
            block._history_user = user
            block.delete()
    for name, value in header.items():
        setattr(draft, name, value)
    draft.updated_by = user
    draft._history_user = user
    draft.save()
    record(request, AuditAction.UPDATE, obj=draft, user=user, org=draft.org, message=f"修改“{draft.title}”")
    return draft


# ---- freezing ----------------------------------------------------------------------------------------------
def freeze_problems(draft, report):
    """What stops ``draft`` from being frozen (Chinese messages): broken references, an empty statutory part,
    a missing 成文日期."""
    problems = list(report.errors)
    if not draft.issue_date:
        problems.append("请填写成文日期。")
    for part in REQUIRED_PARTS:
        if not any(b.part == part and not b.is_heading and b.text.strip() for b in report.blocks):
            problems.append(f"“{ReportPart(part).label}”尚未填写。")
    return problems


@transaction.atomic
def freeze(draft, *, user=None, request=None):
    """定稿: store the draft as rendered now — text, every number with its definition and record count, and
    the SHA-256 of both — as a new version that never changes. Refused (ValidationError) while the draft has
    problems, or when nothing changed since the last version."""
    report = builder.render_draft(draft, with_records=True)
    problems = freeze_problems(draft, report)
    if problems:
        raise ValidationError(problems)
    blocks = [{"part": b.part, "section": b.section, "level": b.level, "source": b.source, "template": b.template, "text": b.text}
              for b in report.visible_blocks()]
    used = list(dict.fromkeys(r.ref.key for r in report.references()))
    numbers = [report.facts[k].as_dict() for k in used]
    payload = FrozenReport.canonical_payload(org_code=draft.org.code, year=draft.year, title=draft.title, addressee=draft.addressee,
                                             issuer=draft.issuer, issue_date=draft.issue_date, scope=report.scope, blocks=blocks,
                                             numbers=numbers)
    content_hash = FrozenReport.hash_of(payload)
    latest = draft.latest_frozen()
    if latest is not None and latest.content_hash == content_hash:
        raise ValidationError(f"内容与已定稿的第{latest.version}版相同，无需重新定稿。")
    version = (FrozenReport.objects.filter(draft=draft).aggregate(m=Max("version"))["m"] or 0) + 1
    report.issue_date = draft.issue_date
    frozen = FrozenReport.objects.create(
        draft=draft, org=draft.org, year=draft.year, version=version, title=draft.title, addressee=draft.addressee,
        issuer=draft.issuer, issue_date=draft.issue_date, scope=report.scope, blocks=blocks, numbers=numbers,
        text=report.full_text(), content_hash=content_hash, frozen_at=timezone.now(), frozen_by=user,
        frozen_by_name=(getattr(user, "display_name", "") or user.username) if user is not None else "",
    )
    record(request, AuditAction.REPORT_FREEZE, obj=frozen, user=user, org=draft.org,
           message=f"“{draft.title}”定稿（第{version}版）", detail={"version": version, "sha256": content_hash, "numbers": len(numbers)})
    return frozen


# ---- what changed since a freeze ---------------------------------------------------------------------------
@dataclass
class EditedRecord:
    model: str
    pk: int
    text: str
    url: str
    edits: list  # [(when, who, what)]
    changes: list  # [(field label, old, new)] between the version at the freeze and now
    note: str = ""  # when there is no version at the freeze to compare with


@dataclass
class NumberChange:
    key: str
    label: str
    old: str
    new: str
    old_change: str
    new_change: str
    records: list = field(default_factory=list)


def _detail_url(model, pk):
    try:
        return reverse(f"{model._meta.app_label}:{model._meta.model_name}_detail", args=[pk])
    except NoReverseMatch:
        return ""


def _field_changes(model, old, new):
    """[(label, old, new)] between two historical versions (old may be None: the record was created later)."""
    out = []
    if old is None or new is None:
        return out
    for f in model._meta.concrete_fields:
        if f.name in ("updated_at", "updated_by", "created_at", "created_by", "id"):
            continue
        a, b = getattr(old, f.attname, None), getattr(new, f.attname, None)
        if a != b:
            if f.choices:
                labels = dict(f.flatchoices)
                a, b = labels.get(a, a), labels.get(b, b)
            out.append((str(f.verbose_name), "—" if a in (None, "") else str(a), "—" if b in (None, "") else str(b)))
    return out


def edited_records(frozen, key, limit=50):
    """The records behind number ``key`` of ``frozen`` — then or now — edited (or created, or deleted) after the
    freeze, from the registries' field history (``history_date > frozen_at``)."""
    from fazhi.indicators.engine import Engine

    scope = builder.report_scope(frozen.org, frozen.year)
    engine = Engine(scope.engine_scope, scope.start, scope.end)
    definition = definitions.get(key)
    count_keys = engine.count_keys_of([key]) if definition.kind in ("count", "rate") else [key]
    groups = {}
    for k in count_keys:
        x = definitions.get(k)
        groups.setdefault((x.model, x.org_field), []).append(x)
    out = []
    for (model, org_field), defs in groups.items():
        history = model.history
        q = defs[0].q(scope.start, scope.end)
        for x in defs[1:]:
            q |= x.q(scope.start, scope.end)
        edited = set(history.filter(history_date__gt=frozen.frozen_at).values_list("id", flat=True))
        if not edited:
            continue
        now_ids = set(scope.engine_scope.filter(model.objects.filter(pk__in=edited), org_field).filter(q).values_list("pk", flat=True))
        # The version of each edited record as it stood at the freeze, and whether it was behind the number then.
        then_rows = history.filter(id__in=edited, history_date__lte=frozen.frozen_at).order_by().values("id").annotate(h=Max("history_id"))
        then_hids = [r["h"] for r in then_rows]
        then_ids = set(scope.engine_scope.filter(history.filter(history_id__in=then_hids).exclude(history_type="-"), org_field)
                       .filter(q).values_list("id", flat=True))
        # Records without any version up to the freeze (written in bulk, without history): their state then is
        # unknown, so they count when a version since the freeze is behind the number.
        unknown = edited - {r["id"] for r in then_rows}
        if unknown:
            since = history.filter(id__in=unknown, history_date__gt=frozen.frozen_at).exclude(history_type="-")
            then_ids |= set(scope.engine_scope.filter(since, org_field).filter(q).values_list("id", flat=True))
        for pk in sorted(now_ids | then_ids)[:limit]:
            versions = list(history.filter(id=pk).select_related("history_user").order_by("history_date", "history_id"))
            before = [v for v in versions if v.history_date <= frozen.frozen_at]
            after = [v for v in versions if v.history_date > frozen.frozen_at]
            latest = versions[-1]
            edits = [(v.history_date, v.history_user.display_name if v.history_user else "系统",
                      {"+": "新增", "~": "修改", "-": "删除"}[v.history_type]) for v in after]
            exists = latest.history_type != "-"
            if before:
                note = ""
            elif after and after[0].history_type == "+":
                note = "定稿后新增的记录"
            else:
                note = "定稿时的版本没有留下修改记录（如批量写入的数据），无法列出字段变化"
            out.append(EditedRecord(model._meta.verbose_name, pk, str(latest.instance), _detail_url(model, pk) if exists else "",
                                    edits, _field_changes(model, before[-1] if before else None, latest), note))
    return out


def changes_since(frozen):
    """Each number of ``frozen`` whose live value (or year-on-year phrase) now differs — old → new — with the
    records behind it edited since the freeze."""
    scope = builder.report_scope(frozen.org, frozen.year)
    keys = [n["key"] for n in frozen.numbers if n["key"] in definitions.REGISTRY]
    live = builder.evaluate_facts(scope, keys)
    out = []
    for n in frozen.numbers:
        now = live.get(n["key"])
        new_display = now.display if now is not None else "（指标已不存在）"
        new_change = now.change if now is not None else ""
        if new_display == n["display"] and new_change == (n.get("change") or ""):
            continue
        records = edited_records(frozen, n["key"]) if n["key"] in definitions.REGISTRY else []
        out.append(NumberChange(n["key"], n["label"], n["display"], new_display, n.get("change") or "", new_change, records))
    return out


# ---- the calendar of the county's units ----------------------------------------------------------------------
@dataclass
class CalendarRow:
    org: object
    kind: str
    submit_due: date
    publish_due: date
    draft: object = None
    frozen: object = None  # the latest frozen version
    status: str = ""
    overdue: bool = False
    late: bool = False  # frozen, but after the submission due date


def report_calendar(orgs, year, today=None):
    """For each reporting unit of ``orgs``: its due dates on ``year``'s report, whether it has a draft and a
    frozen version, and whether it is overdue (no frozen version and the submission date has passed) or was
    frozen late. The county government first, then the departments and townships in tree order."""
    today = today or timezone.localdate()
    orgs = [o for o in orgs if o.kind in REPORTING_KINDS]
    drafts = {x.org_id: x for x in ReportDraft.objects.filter(org__in=orgs, year=year)}
    latest = {}
    for f in FrozenReport.objects.filter(org__in=orgs, year=year).order_by("version"):
        latest[f.org_id] = f
    order = {OrgKind.GOVERNMENT: 0, OrgKind.BUREAU: 1, OrgKind.DEPARTMENT: 2, OrgKind.TOWNSHIP: 3}
    rows = []
    for org in sorted(orgs, key=lambda o: (order[o.kind], o.sort_order, o.path)):
        submit, publish = due_dates(org, year)
        row = CalendarRow(org, org.get_kind_display(), submit, publish, drafts.get(org.pk), latest.get(org.pk))
        if row.frozen is not None:
            row.status = f"已定稿（第{row.frozen.version}版）"
            row.late = timezone.localtime(row.frozen.frozen_at).date() > submit
        elif row.draft is not None:
            row.status = "起草中"
        else:
            row.status = "未起草"
        row.overdue = row.frozen is None and today > submit
        rows.append(row)
    return rows
