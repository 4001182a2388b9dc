"""Pages of the annual report: the list and the new-draft form, the editor, save (JSON), rebuild, freeze, a
frozen version, what changed since it, downloads, and the report calendar of the county's units.

Views are thin: they check the function permission (``reports.<action>_reportdraft``, 403) and open the draft
through ``ReportDraft.objects.visible_to(user)`` (out of scope → 404), then call one service."""

import io
import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views import View

from fazhi.core import submissions
from fazhi.core.audit import record
from fazhi.core.choices import AuditAction
from fazhi.core.downloads import download
from fazhi.core.scope import HIDDEN_DUPLICATE, duplicate_of, orgs_for

from . import builder, exporters, services
from .choices import BlockLevel, ReportPart
from .exporters.html import STYLE, fragment, ref_title
from .models import REPORTING_KINDS, FrozenReport, ReportDraft

PLACEHOLDERS = {
    ReportPart.MEASURES: "请填写主要举措和成效。",
    ReportPart.SHORTCOMINGS: "请填写存在的不足和原因。可采用右侧“数据提示”中的建议。",
    ReportPart.PRINCIPAL_DUTY: "请填写党政主要负责人履行推进法治建设第一责任人职责的情况（亲自部署、亲自过问、亲自协调、亲自督办）。",
    ReportPart.PLANS: "请填写下一年度推进法治政府建设的主要安排。可采用右侧“数据提示”中的建议。",
    ReportPart.OTHER: "请填写其他需要报告的情况；没有的写“无。”",
    ReportPart.PREAMBLE: "请填写导语。",
}


class ReportView(LoginRequiredMixin, View):
    action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(f"reports.{self.action}_reportdraft"):
            raise PermissionDenied("您没有此功能的权限。")
        return super().dispatch(request, *args, **kwargs)

    def drafts(self, action=None):
        return ReportDraft.objects.visible_to(self.request.user, action or self.action).select_related("org")

    def get_draft(self, pk, action=None):
        return get_object_or_404(self.drafts(action), pk=pk)

    def get_frozen(self, pk, version):
        draft = self.get_draft(pk)
        return draft, get_object_or_404(FrozenReport.objects.select_related("org", "frozen_by"), draft=draft, version=version)


def reporting_orgs(user, action="add"):
    return orgs_for(user, ReportDraft, action).filter(kind__in=REPORTING_KINDS).order_by("path")


class IndexView(ReportView):
    """The drafts the user may see, and a form to draft a new one from the records."""

    def get(self, request):
        return self.page(request)

    def page(self, request, status=200):
        drafts = list(self.drafts().prefetch_related("frozen_versions"))
        for draft in drafts:
            versions = sorted(draft.frozen_versions.all(), key=lambda f: f.version)
            draft.latest = versions[-1] if versions else None
        can_add = request.user.has_perm("reports.add_reportdraft")
        year = timezone.localdate().year - 1
        return render(request, "reports/index.html", {
            "title": "年度报告", "drafts": drafts, "can_add": can_add,
            "orgs": reporting_orgs(request.user) if can_add else [], "default_year": year,
            "years": list(range(timezone.localdate().year, 2019, -1)),
        }, status=status)

    def post(self, request):
        if not request.user.has_perm("reports.add_reportdraft"):
            raise PermissionDenied("您没有此功能的权限。")
        try:
            token = submissions.read_token(request)
        except submissions.TokenError as e:
            messages.error(request, str(e))
            return self.page(request, status=400)
        # The form posted twice drafts once (core.submissions); the second post opens the first one's draft.
        if (first := submissions.earlier(request, token)) is not None:
            return submissions.duplicate(request, first, "reports:index")
        org = reporting_orgs(request.user).filter(pk=request.POST.get("org") or 0).first()
        if org is None:
            messages.error(request, "请选择编写报告的单位。")
            return self.page(request, status=400)
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            messages.error(request, "请选择报告年度。")
            return self.page(request, status=400)
        existing = duplicate_of(ReportDraft, request.user, {"org": org, "year": year})
        if existing == "hidden":  # a draft the user may not see is not confirmed (nor opened: that is a 404)
            messages.error(request, HIDDEN_DUPLICATE.format(what=f"{org.name}{year}年度的报告"))
            return self.page(request, status=400)
        if existing == "visible":
            messages.info(request, f"{org.name}{year}年度的报告已经存在，已为您打开。")
            return redirect("reports:draft", ReportDraft.objects.get(org=org, year=year).pk)
        try:
            with submissions.once(request, token) as submission:
                draft = services.create_draft(org, year, user=request.user, request=request)
                submission.done(draft, reverse("reports:draft", args=[draft.pk]))
        except submissions.AlreadySubmitted as e:
            return submissions.duplicate(request, e.submission, "reports:index")
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return self.page(request, status=400)
        messages.success(request, f"已根据登记记录生成“{draft.title}”草稿，请审阅修改。")
        return redirect("reports:draft", draft.pk)


def chip_html(seg):
    """A reference as the editor's atomic chip."""
    broken = " fz-ref-broken" if seg.fact is None else ""
    return (f'<span class="fz-ref{broken}" contenteditable="false" data-ref="{escape(seg.ref.data_ref)}" '
            f'title="{escape(ref_title(seg.fact, seg.ref.fmt))}">{escape(seg.text)}</span>')


def editor_html(segments):
    return "".join(escape(s) if isinstance(s, str) else chip_html(s) for s in segments)


class DraftView(ReportView):
    """The editor: the draft as a document whose paragraphs are editable and whose numbers are chips."""

    def get(self, request, pk):
        draft = self.get_draft(pk)
        facts = builder.all_facts(draft)
        report = builder.render_draft(draft, facts=facts)
        can_change = request.user.has_perm("reports.change_reportdraft") and self.drafts("change").filter(pk=pk).exists()
        suggestions = []
        for s in builder.suggestions(draft, facts=facts):
            s.html = editor_html(builder.render_segments(s.text, facts))
            s.preview = "".join(x if isinstance(x, str) else x.text for x in builder.render_segments(s.text, facts))
            suggestions.append(s)
        blocks = [{"block": b, "html": editor_html(b.segments), "placeholder": PLACEHOLDERS.get(b.part, "") if not b.is_heading else "请填写标题。"}
                  for b in report.blocks]
        versions = list(draft.frozen_versions.select_related("frozen_by").order_by("-version"))
        return render(request, "reports/draft.html", {
            "title": draft.title, "draft": draft, "report": report, "blocks": blocks, "can_change": can_change,
            "picker": builder.picker_items(draft, facts), "suggestions": suggestions, "versions": versions,
            "problems": services.freeze_problems(draft, report), "levels": BlockLevel.choices,
            "parts": ReportPart.choices, "formats": [(k, v[2]) for k, v in exporters.FORMATS.items()],
            "scope": report.scope, "submit_due": services.due_dates(draft.org, draft.year)[0],
        })


class SaveView(ReportView):
    """Save the editor's content (JSON). 400 with the Chinese reasons, nothing saved, on any bad reference."""

    action = "change"

    def post(self, request, pk):
        draft = self.get_draft(pk)
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"ok": False, "errors": ["提交的内容格式不正确。"]}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"ok": False, "errors": ["提交的内容格式不正确。"]}, status=400)
        try:
            services.save_draft(draft, data, user=request.user, request=request)
        except ValidationError as e:
            return JsonResponse({"ok": False, "errors": e.messages}, status=400)
        ids = list(draft.blocks.order_by("position").values_list("pk", flat=True))
        return JsonResponse({"ok": True, "ids": ids, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


class RebuildView(ReportView):
    action = "change"

    def post(self, request, pk):
        draft = self.get_draft(pk)
        services.rebuild_draft(draft, user=request.user, request=request)
        messages.success(request, "已按登记记录重新生成草稿。")
        return redirect("reports:draft", draft.pk)


class FreezeView(ReportView):
    action = "change"

    def post(self, request, pk):
        draft = self.get_draft(pk)
        try:
            frozen = services.freeze(draft, user=request.user, request=request)
        except ValidationError as e:
            messages.error(request, "未能定稿：" + "".join(e.messages))
            return redirect("reports:draft", draft.pk)
        messages.success(request, f"已定稿（第{frozen.version}版），内容哈希 {frozen.content_hash[:16]}…。定稿后的报告不再随记录变化。")
        return redirect("reports:frozen", draft.pk, frozen.version)


class FrozenView(ReportView):
    def get(self, request, pk, version):
        draft, frozen = self.get_frozen(pk, version)
        report = builder.render_frozen(frozen)
        return render(request, "reports/frozen.html", {
            "title": str(frozen), "draft": draft, "frozen": frozen, "article": fragment(report), "verified": frozen.verify(),
            "numbers": frozen.numbers, "formats": [(k, v[2]) for k, v in exporters.FORMATS.items()],
            "same_text": report.full_text() == frozen.text, "report_style": STYLE,
        })


class ChangesView(ReportView):
    def get(self, request, pk, version):
        draft, frozen = self.get_frozen(pk, version)
        return render(request, "reports/changes.html", {
            "title": f"{frozen}定稿以来的变化", "draft": draft, "frozen": frozen, "changes": services.changes_since(frozen),
        })


class DownloadView(ReportView):
    """?format=docx|html|md[&version=N]: a frozen version, or the live draft."""

    def get(self, request, pk):
        draft = self.get_draft(pk)
        fmt = request.GET.get("format", "docx")
        if fmt not in exporters.FORMATS:
            raise Http404
        version = request.GET.get("version")
        if version:
            if not version.isdigit():
                raise Http404
            _, frozen = self.get_frozen(pk, int(version))
            report = builder.render_frozen(frozen)
        else:
            report = builder.render_draft(draft)
        data = exporters.export(report, fmt, base_url=request.build_absolute_uri("/").rstrip("/"))
        name = exporters.filename(report, fmt)
        record(request, AuditAction.EXPORT, obj=report.frozen or draft, message=f"下载“{name}”")
        return download(io.BytesIO(data), name, exporters.FORMATS[fmt][0])


class CalendarView(ReportView):
    """Which units have drafted and frozen their report on a year, against the local report calendar."""

    def get(self, request):
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year") or today.year - 1)
        except ValueError:
            year = today.year - 1
        orgs = list(reporting_orgs(request.user, "view"))
        rows = services.report_calendar(orgs, year, today)
        # Drafts the user may open (a row's draft is linked only then).
        visible = set(self.drafts().filter(year=year).values_list("pk", flat=True))
        summary = {
            "total": len(rows), "frozen": sum(1 for r in rows if r.frozen), "drafting": sum(1 for r in rows if r.draft and not r.frozen),
            "missing": sum(1 for r in rows if not r.draft), "overdue": sum(1 for r in rows if r.overdue),
        }
        return render(request, "reports/calendar.html", {
            "title": "年度报告进度", "rows": rows, "year": year, "today": today, "visible": visible, "summary": summary,
            "years": list(range(today.year, 2019, -1)),
            "can_add": request.user.has_perm("reports.add_reportdraft"),
        })
