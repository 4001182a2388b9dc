"""Generic registry views: list, detail (with history), create, edit, delete, Excel export, import and
template. A registry's ``views.py`` is one declarative class::

    class RecordViews(RegistryViews):
        model = Record
        form_class = RecordForm
        filterset_class = RecordFilter
        table_class = RecordTable
        resource_class = RecordResource

and its ``urls.py`` is ``urlpatterns = RecordViews.urls()``. Every view checks the function
permission (403) and the data scope (out-of-scope rows are 404, never 403). Creating, editing and deleting a
record, viewing its personal information, exporting, importing and downloading an attachment each write an
audit event (``core.audit.record``) naming the record.
"""

import io
import mimetypes
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from .. import personal, submissions, writes
from ..audit import record
from ..choices import AuditAction
from ..downloads import download
from ..excel import read_error_workbook
from ..models.registry import own_q
from ..scope import can_view_pii, orgs_for, sides_of
from ..tables import format_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: model → its RegistryViews subclass, filled as registries declare them (so that other pages — the
#: indicators' drill-down — can list a model's records with the registry's own table and detail links).
VIEWS_BY_MODEL = {}


def views_for(model):
    """The RegistryViews of ``model``, or None. Loads the URLconf first: a registry's views module is imported
    by its urls.py."""
    if model not in VIEWS_BY_MODEL:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 — importing the URLconf imports every registry's views
    return VIEWS_BY_MODEL.get(model)


class RegistryViews:
    """Declarative configuration of one registry's pages (see the module docstring)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None:
            VIEWS_BY_MODEL[cls.model] = cls

    model = None
    form_class = None
    filterset_class = None
    table_class = None
    resource_class = None
    workflow = None  # a core.workflow.Workflow when the registry has a state machine
    prefetch: tuple = ()  # related rows the table shows (e.g. a case's parties), fetched in one query
    inlines: dict = {}  # name -> (label, inline formset class): related rows edited on a page of their own
    attachments: str | None = None  # related name of the record's files (rows with ``file`` and ``download_name()``)
    detail_fields: list | None = None  # field paths for the detail page; default: the form's fields
    list_template = "generic/list.html"
    detail_template = "generic/detail.html"

    # ---- names -------------------------------------------------------------
    @classmethod
    def name(cls, action):
        return f"{cls.model._meta.model_name}_{action}"

    @classmethod
    def url(cls, action, *args):
        return reverse(f"{cls.model._meta.app_label}:{cls.name(action)}", args=args)

    @classmethod
    def urls(cls):
        views = [
            ("", RegistryListView, "list"),
            ("new/", RegistryCreateView, "create"),
            ("export/", RegistryExportView, "export"),
            ("import/", RegistryImportView, "import"),
            ("import/template/", RegistryTemplateView, "template"),
            ("import/errors/<str:token>/", RegistryImportErrorsView, "import_errors"),
            ("<int:pk>/", RegistryDetailView, "detail"),
            ("<int:pk>/edit/", RegistryEditView, "edit"),
            ("<int:pk>/delete/", RegistryDeleteView, "delete"),
            ("<int:pk>/history/", RegistryHistoryView, "history"),
        ]
        if cls.workflow is not None:
            views.append(("<int:pk>/do/<str:transition>/", RegistryTransitionView, "transition"))
        if cls.inlines:
            views.append(("<int:pk>/rows/<str:inline>/", RegistryInlineView, "inline"))
        if cls.attachments:
            views.append(("<int:pk>/attachments/<int:attachment>/", RegistryAttachmentView, "attachment"))
        return [path(route, view.as_view(registry=cls), name=cls.name(action)) for route, view, action in views]

    @classmethod
    def detail_extra(cls, request, obj, unmasked):
        """Extra context for the detail page (related rows, shown through :func:`fazhi.core.personal.shown`);
        override per registry."""
        return {}

    @classmethod
    def perm(cls, action):
        return f"{cls.model._meta.app_label}.{action}_{cls.model._meta.model_name}"


class RegistryView(LoginRequiredMixin, View):
    registry = None
    action = "view"  # the function permission this view needs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(self.registry.perm(self.action)):
            raise PermissionDenied("您没有此功能的权限。")
        return super().dispatch(request, *args, **kwargs)

    @property
    def model(self):
        return self.registry.model

    def queryset(self, action=None):
        return self.model.objects.visible_to(self.request.user, action or "view").select_related("org").prefetch_related(*self.registry.prefetch)

    def get_object(self, action=None):
        return get_object_or_404(self.queryset(action or self.action), pk=self.kwargs["pk"])

    def context(self, **extra):
        user = self.request.user
        opts = self.model._meta
        ctx = {
            "registry": self.registry,
            "opts": opts,
            "title": opts.verbose_name,
            "can_add": user.has_perm(self.registry.perm("add")),
            "can_change": user.has_perm(self.registry.perm("change")),
            "can_delete": user.has_perm(self.registry.perm("delete")),
            "urls": {a: self.registry.url(a) for a in ("list", "create", "export", "import", "template")},
        }
        ctx.update(extra)
        return ctx

    def filtered(self):
        qs = self.queryset()
        fs = self.registry.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        return fs, (fs.qs if (not fs.is_bound or fs.is_valid()) else qs.none())


class RegistryListView(RegistryView):
    def get(self, request):
        fs, qs = self.filtered()
        table = self.registry.table_class(request, unmasked=False)
        qs = qs.order_by(*table.ordering())
        # The ids are sorted and paged alone (narrow rows, an index walk where the ordering has an index); the page's
        # rows are then fetched by id. A deep page (page 500) never sorts or skips the wide rows of the registry.
        paginator = Paginator(qs.prefetch_related(None).values_list("pk", flat=True), settings.FAZHI_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        ids = list(page.object_list)
        by_id = {o.pk: o for o in qs.order_by().filter(pk__in=ids)}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]  # a row deleted in between is left out
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            self.registry.list_template,
            self.context(
                filter=fs,
                table=table,
                headers=table.headers(),
                rows=list(table.rows(page.object_list, lambda o: self.registry.url("detail", o.pk))),
                page=page,
                query=params.urlencode(),
                export_query=request.GET.urlencode(),
            ),
        )


class RegistryDetailView(RegistryView):
    def fields(self, obj, unmasked):
        table = self.registry.table_class
        # The list's own column headers win, so that a field reads the same on the list and the detail
        # page (聘用单位, not the generic 责任单位) and derived values (``status``) get their Chinese name.
        column_labels = {c.field: str(c.bind(self.model).label) for c in table.columns}
        names = self.registry.detail_fields or ["org", *self.registry.form_class._meta.fields]
        out = []
        for name in dict.fromkeys(names):
            try:
                label = column_labels.get(name) or self.model._meta.get_field(name.split("__")[0]).verbose_name
            except Exception:
                label = getattr(getattr(self.model, name, None), "short_description", name)
            out.append({"label": label, "value": format_value(personal.shown(obj, name, unmasked))})
        return out

    def get(self, request, pk):
        obj = self.get_object()
        # A unit that sees the record only as one of its sides (the respondent, the defendant): what the side
        # may do, and no personal information in full (the law gives it the case, not the applicants' data).
        sides = sides_of(request.user, obj)
        may_unmask = can_view_pii(request.user) and sides is None
        unmasked = False
        if request.GET.get("unmask") == "1":
            if not may_unmask:
                raise PermissionDenied("您的角色不能查看完整个人信息。")
            unmasked = True
            record(request, AuditAction.PII_VIEW, obj=obj, message=f"查看“{obj}”的完整个人信息")
        return render(
            request,
            self.registry.detail_template,
            self.context(
                object=obj,
                fields=self.fields(obj, unmasked),
                unmasked=unmasked,
                # Each declared personal field as the page may show it, for a registry's own detail template.
                personal={name: personal.shown(obj, name, unmasked) for name in personal.declaration(obj)},
                has_pii=personal.holds(obj),
                may_unmask=may_unmask,
                as_sides="、".join(side.label for side in sides) if sides else "",
                **({} if sides is None else {"can_change": any(s.allows("change") for s in sides), "can_delete": False}),
                tab="detail",
                edit_url=self.registry.url("edit", obj.pk),
                delete_url=self.registry.url("delete", obj.pk),
                history_url=self.registry.url("history", obj.pk),
                detail_url=self.registry.url("detail", obj.pk),
                **self.workflow_context(obj, sides),
                **self.registry.detail_extra(request, obj, unmasked),
            ),
        )

    def workflow_context(self, obj, sides=None):
        """The transitions offered: the holder's (``sides`` None), or those the user's sides may run."""
        wf = self.registry.workflow
        if wf is None:
            return {}
        user = self.request.user
        allowed = None if sides is None else {name for side in sides for name in side.transitions}
        actions = [
            {"label": t.label, "url": self.registry.url("transition", obj.pk, t.name), "style": t.style, "name": t.name}
            for t in wf.available(obj)
            if user.has_perm(self.registry.perm(t.perm)) and (t.holder if allowed is None else t.name in allowed)
        ]
        return {"actions": actions, "transition_log": list(wf.log(obj))}


class RegistryTransitionView(RegistryView):
    """One workflow transition of one record: GET shows its form, POST runs it (guards give Chinese reasons)."""

    action = "change"

    def transition(self):
        try:
            t = self.registry.workflow.get(self.kwargs["transition"])
        except KeyError:
            raise Http404 from None
        if not self.request.user.has_perm(self.registry.perm(t.perm)):
            raise PermissionDenied("您没有此功能的权限。")
        return t

    def get_object(self, action=None):
        """The record, if the user may run this transition on it: as its holder, with the change scope over
        it, or as one of its sides (``Model.sides``) that may run it. A record out of view is 404; a step that
        belongs to the other party of a record the user sees is 403 with the reason."""
        user = self.request.user
        obj = get_object_or_404(self.queryset("view"), pk=self.kwargs["pk"])
        t = self.transition()
        sides = sides_of(user, obj)
        if sides is None:
            if not t.holder:
                by = "、".join(s.label for s in self.model.sides if t.name in s.transitions)
                raise PermissionDenied(f"“{t.label}”由{by}办理。")
            if not self.model.objects.visible_to(user, "change").filter(pk=obj.pk).exists():
                raise Http404
        elif not any(t.name in s.transitions for s in sides):
            raise PermissionDenied(f"本单位作为{'、'.join(s.label for s in sides)}，不能办理“{t.label}”。")
        return obj

    def render_transition(self, obj, t, form, error="", status=200):
        return render(
            self.request,
            "generic/transition.html",
            self.context(object=obj, transition=t, form=form, error=error, detail_url=self.registry.url("detail", obj.pk)),
            status=status,
        )

    def form_for(self, t, obj, data=None):
        if t.form is None:
            return None
        from ..forms import TransitionForm

        kwargs = {"data": data}
        if "record" in t.form.__init__.__code__.co_varnames:
            kwargs["record"] = obj
        if issubclass(t.form, TransitionForm):
            kwargs["user"] = self.request.user
        return t.form(**kwargs)

    def get(self, request, pk, transition):
        obj = self.get_object()
        t = self.transition()
        if self.registry.workflow.state(obj) not in t.sources:
            messages.error(request, f"当前状态不能执行“{t.label}”。")
            return redirect(self.registry.url("detail", obj.pk))
        return self.render_transition(obj, t, self.form_for(t, obj))

    def post(self, request, pk, transition):
        from ..workflow import TransitionRefused

        obj = self.get_object()
        t = self.transition()
        form = self.form_for(t, obj, request.POST)
        detail = self.registry.url("detail", obj.pk)
        try:
            token = submissions.read_token(request)
        except submissions.TokenError as e:
            return self.render_transition(obj, t, form, error=str(e), status=400)
        # A step posted twice (e.g. a hearing recorded twice) is done once; after validation as well, see create.
        valid = form is None or form.is_valid()
        if (first := submissions.earlier(request, token)) is not None:
            return submissions.duplicate(request, first, detail)
        if not valid:
            return self.render_transition(obj, t, form, status=400)
        data = form.cleaned_data if form is not None else {}
        labels = {}
        if form is not None:
            from django import forms as djforms

            for name, field in form.fields.items():
                if isinstance(field, djforms.ChoiceField) and not isinstance(field, djforms.ModelChoiceField) and data.get(name):
                    labels[name] = str(dict(field.choices).get(data[name], data[name]))
        try:
            with submissions.once(request, token) as submission:
                obj, log = self.registry.workflow.run(obj, t.name, data, user=request.user, request=request, labels=labels)
                submission.done(log, detail)
        except submissions.AlreadySubmitted as e:
            return submissions.duplicate(request, e.submission, detail)
        except TransitionRefused as e:
            return self.render_transition(obj, t, form, error="；".join(e.messages), status=400)
        messages.success(request, f"已{t.label}。")
        return redirect(detail)


class RegistryInlineView(RegistryView):
    """Edit a record's related rows (e.g. a case's parties) as one formset; all rows or none are saved."""

    action = "change"

    def setup_inline(self, obj):
        """The inline's label and formset class; rows whose model declares personal fields can only be edited by
        a role that may see them, and opening them is audited."""
        if self.kwargs["inline"] not in self.registry.inlines:
            raise Http404
        label, formset_class = self.registry.inlines[self.kwargs["inline"]]
        if personal.declaration(formset_class.model):
            if not can_view_pii(self.request.user):
                raise PermissionDenied(f"{label}含个人信息，您的角色不能查看完整个人信息，请联系司法局经办人员修改。")
            if self.request.method == "GET":
                record(self.request, AuditAction.PII_VIEW, obj=obj, message=f"编辑“{obj}”的{label}（含完整个人信息）")
        return label, formset_class

    def render_inline(self, obj, label, formset, status=200, error=""):
        from ..forms import style_fields

        for form in formset.forms:
            style_fields(form.fields)
        return render(self.request, "generic/inline.html",
                      self.context(object=obj, label=label, formset=formset, error=error, detail_url=self.registry.url("detail", obj.pk)),
                      status=status)

    def get(self, request, pk, inline):
        obj = self.get_object()
        label, formset_class = self.setup_inline(obj)
        return self.render_inline(obj, label, formset_class(instance=obj))

    def post(self, request, pk, inline):
        obj = self.get_object()
        label, formset_class = self.setup_inline(obj)
        formset = formset_class(request.POST, request.FILES, instance=obj)  # FILES: rows may be uploads
        detail = self.registry.url("detail", obj.pk)
        try:
            token = submissions.read_token(request)
        except submissions.TokenError as e:
            formset.is_valid()  # the rows' own errors are shown as well
            return self.render_inline(obj, label, formset, status=400, error=str(e))
        # The new rows of a formset posted twice (a party, an attachment) are added once; see create.
        valid = formset.is_valid()
        if valid and not writes.adds_rows(formset_class) and any(f.has_changed() for f in formset.extra_forms):
            return self.render_inline(obj, label, formset, status=400, error=f"{label}由流程操作生成，不能在此新增。")
        if (first := submissions.earlier(request, token)) is not None:
            return submissions.duplicate(request, first, detail)
        if not valid:
            return self.render_inline(obj, label, formset, status=400)
        try:
            with submissions.once(request, token) as submission:
                writes.save_rows(formset, request, label)
                submission.done(obj, detail)
        except submissions.AlreadySubmitted as e:
            return submissions.duplicate(request, e.submission, detail)
        messages.success(request, f"已保存{label}。")
        return redirect(detail)


class RegistryHistoryView(RegistryView):
    """Field history of one record (django-simple-history): who changed which field from what to what."""

    def get(self, request, pk):
        obj = self.get_object()
        records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
        declared = personal.declaration(self.model)
        entries = []
        prev = None
        for rec in records:
            changes = []
            if prev is not None:
                delta = rec.diff_against(prev)
                for ch in delta.changes:
                    if ch.field in ("updated_at", "updated_by"):
                        continue
                    f = self.model._meta.get_field(ch.field)
                    old, new = ch.old, ch.new
                    if f.choices:
                        d = dict(f.flatchoices)
                        old, new = d.get(old, old), d.get(new, new)
                    if f.is_relation and f.related_model is not None:
                        rel = {o.pk: str(o) for o in f.related_model._default_manager.filter(pk__in=[v for v in (old, new) if v])}
                        old, new = rel.get(old, old), rel.get(new, new)
                    if ch.field in declared and (declared.applies(rec.instance, ch.field) or declared.applies(prev.instance, ch.field)):
                        old = new = personal.HIDDEN_CHANGE
                    changes.append({"label": f.verbose_name, "old": format_value(old), "new": format_value(new)})
            entries.append(
                {
                    "date": rec.history_date,
                    "user": rec.history_user.display_name if rec.history_user else "系统",
                    "type": {"+": "新增", "~": "修改", "-": "删除"}[rec.history_type],
                    "changes": changes,
                }
            )
            prev = rec
        entries.reverse()
        return render(
            request,
            "generic/history.html",
            self.context(
                object=obj,
                entries=entries,
                tab="history",
                detail_url=self.registry.url("detail", obj.pk),
                history_url=self.registry.url("history", obj.pk),
                edit_url=self.registry.url("edit", obj.pk),
                delete_url=self.registry.url("delete", obj.pk),
            ),
        )


class RegistryFormMixin:
    def form(self, data=None, instance=None):
        return self.registry.form_class(data=data, instance=instance, user=self.request.user)

    def render_form(self, form, obj=None):
        cancel = self.registry.url("detail", obj.pk) if obj is not None else self.registry.url("list")
        return render(self.request, "generic/form.html", self.context(form=form, object=obj, cancel_url=cancel), status=400 if form.is_bound else 200)


class RegistryCreateView(RegistryFormMixin, RegistryView):
    action = "add"

    def get(self, request):
        return self.render_form(self.form())

    def post(self, request):
        form = self.form(request.POST)
        try:
            token = submissions.read_token(request)
        except submissions.TokenError as e:
            form.add_error(None, str(e))
            return self.render_form(form)
        valid = form.is_valid()
        # Checked after validation too: a second post validated against the first one's record (a number
        # already taken) is still a duplicate, not an error.
        if (first := submissions.earlier(request, token)) is not None:
            return submissions.duplicate(request, first, self.registry.url("list"))
        if not valid:
            return self.render_form(form)
        try:
            with submissions.once(request, token) as submission:
                obj = writes.create(form, request)
                submission.done(obj, self.registry.url("detail", obj.pk))
        except submissions.AlreadySubmitted as e:
            return submissions.duplicate(request, e.submission, self.registry.url("list"))
        messages.success(request, f"已新增{self.model._meta.verbose_name}“{obj}”。")
        return redirect(self.registry.url("detail", obj.pk))


class RegistryEditView(RegistryFormMixin, RegistryView):
    action = "change"

    def get(self, request, pk):
        obj = self.get_object()
        return self.render_form(self.form(instance=obj), obj)

    def post(self, request, pk):
        obj = self.get_object()
        form = self.form(request.POST, instance=obj)
        if not form.is_valid():
            return self.render_form(form, obj)
        obj = writes.update(form, request)
        messages.success(request, f"已保存“{obj}”。")
        return redirect(self.registry.url("detail", obj.pk))


class RegistryDeleteView(RegistryView):
    action = "delete"

    def get(self, request, pk):
        return render(request, "generic/delete.html", self.context(object=self.get_object(), detail_url=self.registry.url("detail", pk)))

    def post(self, request, pk):
        try:
            label = writes.delete(self.get_object(), request)
        except writes.Referenced as e:
            messages.error(request, str(e))
            return redirect(self.registry.url("detail", pk))
        messages.success(request, f"已删除“{label}”。")
        return redirect(self.registry.url("list"))


class RegistryAttachmentView(RegistryView):
    """One file of one record (``RegistryViews.attachments``), for a user who may see the record; anything else
    is 404. The only way to a stored file (never a MEDIA url), and every download is audited."""

    def get(self, request, pk, attachment):
        obj = self.get_object()
        item = get_object_or_404(getattr(obj, self.registry.attachments).all(), pk=attachment)
        try:
            handle = item.file.open("rb")
        except FileNotFoundError:
            raise Http404("附件文件不存在。") from None
        name = item.download_name()
        record(request, AuditAction.DOWNLOAD, obj=item, message=f"下载{self.model._meta.verbose_name}“{obj}”的附件“{name}”",
               detail={"record_type": self.model._meta.label, "record_id": obj.pk, "record": str(obj)[:300]})
        content_type = mimetypes.guess_type(item.file.name)[0] or "application/octet-stream"
        return download(handle, name, content_type)


class RegistryExportView(RegistryView):
    """The filtered list as .xlsx, written in write-only mode to a temporary file and streamed."""

    def get(self, request):
        fs, qs = self.filtered()
        table = self.registry.table_class(request)
        qs = qs.order_by(*table.ordering())
        resource = self.registry.resource_class()
        unmasked = request.GET.get("unmask") == "1" and can_view_pii(request.user)
        tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=settings.VAR_DIR)
        tmp.close()
        rows_unmasked = unmasked
        if unmasked and self.model.sides:  # in full only what the user holds; a side's rows stay masked
            rows_unmasked = set(qs.order_by().filter(own_q(request.user, self.model)).values_list("pk", flat=True))
        count = resource.export(qs, tmp.name, unmasked=rows_unmasked)
        record(
            request,
            AuditAction.EXPORT,
            message=f"导出{self.model._meta.verbose_name}{count}条" + ("（含完整个人信息）" if unmasked else ""),
            detail={"model": self.model._meta.label, "count": count, "filters": request.GET.dict(), "unmasked": unmasked},
        )
        handle = open(tmp.name, "rb")  # noqa: SIM115 — closed by FileResponse
        Path(tmp.name).unlink()  # the open handle keeps the data until the response is sent
        filename = f"{self.model._meta.verbose_name}_{timezone.localdate():%Y%m%d}.xlsx"
        return download(handle, filename, XLSX)


class RegistryTemplateView(RegistryView):
    action = "add"

    def get(self, request):
        resource = self.registry.resource_class()
        tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=settings.VAR_DIR)
        tmp.close()
        resource.template(tmp.name)
        handle = open(tmp.name, "rb")  # noqa: SIM115
        Path(tmp.name).unlink()
        return download(handle, f"{resource.title}导入模板.xlsx", XLSX)


class RegistryImportView(RegistryView):
    action = "add"

    def org_header(self):
        """The header of the sheet's org column (e.g. 聘用单位, when a registry's resource calls it so), for the default-org choice."""
        return next((f.header for f in self.registry.resource_class().fields if f.kind == "org"), "责任单位")

    def get(self, request):
        return render(request, "generic/import.html", self.context(orgs=orgs_for(request.user, self.model, "add"), org_header=self.org_header()))

    def post(self, request):
        try:
            token = submissions.read_token(request)
        except submissions.TokenError as e:
            messages.error(request, str(e))
            return redirect(self.registry.url("import"))
        # The same workbook uploaded twice by one form (a double click) is imported once.
        if (first := submissions.earlier(request, token)) is not None:
            return submissions.duplicate(request, first, self.registry.url("list"))
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的 Excel 文件。")
            return redirect(self.registry.url("import"))
        resource = self.registry.resource_class()
        allowed = orgs_for(request.user, self.model, "add")
        default_org = None
        if request.POST.get("org"):
            chosen = request.POST["org"]
            default_org = allowed.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
            if default_org is None:
                raise Http404
        with tempfile.NamedTemporaryFile(suffix=".xlsx", dir=settings.VAR_DIR) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                # The token is claimed in the rows' write transaction (validation, which may take a while, holds no lock).
                result = resource.import_file(tmp.name, request.user, default_org=default_org, allowed_orgs=allowed,
                                              write=lambda: submissions.once(request, token, url=self.registry.url("list")))
            except submissions.AlreadySubmitted as e:
                return submissions.duplicate(request, e.submission, self.registry.url("list"))
        if result.ok:
            record(request, AuditAction.IMPORT, message=f"导入{self.model._meta.verbose_name}{result.created}条（文件：{upload.name}）",
                   detail={"model": self.model._meta.label, "created": result.created, "file": upload.name})
            messages.success(request, f"导入成功：共{result.created}条。")
            return redirect(self.registry.url("list"))
        record(request, AuditAction.IMPORT_REJECTED, message=f"导入{self.model._meta.verbose_name}被拒：{len(result.errors)}处错误，未写入任何数据（文件：{upload.name}）",
               detail={"model": self.model._meta.label, "errors": len(result.errors), "file": upload.name})
        if result.error_file:
            request.session.setdefault("import_errors", [])
            request.session["import_errors"] = [*request.session["import_errors"][-9:], result.error_file]
        return render(
            request,
            "generic/import.html",
            self.context(
                result=result,
                orgs=allowed,
                org_header=self.org_header(),
                error_url=self.registry.url("import_errors", result.error_file.removesuffix(".xlsx")) if result.error_file else "",
            ),
            status=400,
        )


class RegistryImportErrorsView(RegistryView):
    """The error workbook of the user's own rejected import (tokens are kept in the session)."""

    action = "add"

    def get(self, request, token):
        name = f"{token}.xlsx"
        if name not in request.session.get("import_errors", []):
            raise Http404
        try:
            data = read_error_workbook(name)
        except FileNotFoundError:
            raise Http404("错误报告已过保留期被清理，请重新导入。") from None
        return download(io.BytesIO(data), f"{self.model._meta.verbose_name}_导入错误.xlsx", XLSX)
