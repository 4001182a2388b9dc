"""Writing one record from a validated registry form, and deleting one: what the pages (core.views.generic) and the
API (fazhi.api.viewsets) do alike — who wrote it, the field history's user, the audit event naming the record (and,
for an edit, the names of the fields changed, never their values)."""

from django.db import transaction
from django.db.models import ProtectedError

from .audit import record
from .choices import AuditAction


class Referenced(Exception):
    """The record is referenced by others and cannot be deleted; ``str()`` is the Chinese reason."""


def create(form, request, via=""):
    """Save the new record of a valid ``form`` as ``request.user``; ``via`` prefixes the audit message (通过接口)."""
    with transaction.atomic():
        obj = form.save(commit=False)
        obj.created_by = obj.updated_by = request.user
        obj.save()
        form.save_m2m()
        record(request, AuditAction.CREATE, obj=obj, message=f"{via}新增{obj._meta.verbose_name}“{obj}”")
    return obj


def update(form, request, via=""):
    """Save the changes of a valid ``form`` as ``request.user``."""
    changed = list(form.changed_data)
    labels = "、".join(str(form.fields[name].label or name) for name in changed) or "无字段变化"
    with transaction.atomic():
        obj = form.save(commit=False)
        obj.updated_by = request.user
        obj.save()
        form.save_m2m()
        record(request, AuditAction.UPDATE, obj=obj, message=f"{via}修改{obj._meta.verbose_name}“{obj}”：{labels}",
               detail={"fields": changed})
    return obj


def adds_rows(formset_class):
    """Whether new rows may be added through the formset (its page shows a blank row to fill), or only those a
    workflow step made are edited (a campaign's selected documents, a decision's procedures)."""
    return formset_class.extra > 0


def save_rows(formset, request, label, via=""):
    """Save a valid inline ``formset`` of a record's related rows (its parties, its figures …; ``label`` names them)
    as ``request.user``: the rows, then the record itself (who changed it, its history), and one audit event."""
    obj = formset.instance
    with transaction.atomic():
        formset.save()
        obj.updated_by = request.user
        obj._history_user = request.user
        obj.save()
        record(request, AuditAction.UPDATE, obj=obj, message=f"{via}修改“{obj}”的{label}")
    return obj


def delete(obj, request, via=""):
    """Delete ``obj`` as ``request.user``: the audit event is written first (it names the row) and kept only if the
    row goes. Raises :class:`Referenced` with the reason when other records hold it."""
    label = str(obj)
    obj._history_user = request.user
    try:
        with transaction.atomic():
            record(request, AuditAction.DELETE, obj=obj, message=f"{via}删除{obj._meta.verbose_name}“{label}”",
                   detail={"pk": obj.pk, "model": obj._meta.label})
            obj.delete()
    except ProtectedError as e:
        used = "、".join(sorted({str(o._meta.verbose_name) for o in e.protected_objects}))
        raise Referenced(f"“{label}”已被{used}引用，不能删除。") from None
    return label
