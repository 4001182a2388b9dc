"""What the contract suite (``fazhi/core/tests/test_contract.py``) needs to run over any registry: its subjects
(every registry model with pages and a factory), the viewers whose scope it proves, and how it builds a record
for a unit — owned by it, or naming it as one of the record's sides.

A registry takes part by what it already declares: its ``RegistryViews`` (the routes), the model's ``sides``,
``personal`` and ``scope_parent``, its resource (the import and export), and one ``factory_boy`` factory per
registry model in its ``tests/factories.py`` taking ``org=``. Nothing else is written for it; a registry model
without a factory fails ``test_every_registry_model_has_a_factory``.
"""

import io
from dataclasses import dataclass

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from openpyxl import load_workbook

from fazhi.core import personal, registry


@dataclass(frozen=True)
class Viewer:
    """A member of the cast, the unit whose records they hold (``own``) and a unit whose records they must never
    reach (``foreign``)."""

    username: str
    own: str
    foreign: str


#: The narrower scopes and the widest read-only one: a township station against another, a county department
#: against another, a liaison of another county against the bureau, the county leader against the next county.
VIEWERS = (
    Viewer("station1", "demo-s01", "demo-s02"),
    Viewer("dept1", "demo-d01", "demo-d02"),
    Viewer("outsider", "other", "demo-sfj"),
    Viewer("leader", "demo-s02", "other"),
)

#: The unit that holds a record seen by ``dept1`` as one of its sides.
HOLDER = "demo-sfj"


@dataclass(frozen=True)
class Subject:
    """One registry model under contract."""

    reg: object
    model: type
    views: type
    factory: type | None

    def __str__(self):
        return self.model._meta.label

    def make(self, org, **fields):
        """A saved record of ``org`` from the registry's factory."""
        return self.factory(org=org, **fields)

    def make_full(self, org, **fields):
        """A record of ``org`` holding a sample of every personal field its model declares, as a natural person,
        with the child rows the declaration reads (a case's applicant), saved twice (the second save changes the
        personal fields: an entry in its history)."""
        obj = self.make(org, **fields)
        as_natural_person(self.model, obj)
        obj.save()
        children = {}
        declared = personal.declaration(self.model)
        for kind in declared.fields.values() if declared else ():
            if isinstance(kind, personal.Rows):
                children[(kind.related, tuple(kind.where.items()))] = kind
        for rows in children.values():
            relation = self.model._meta.get_field(rows.related)
            child = relation.related_model(**{relation.field.name: obj}, **rows.where)
            as_natural_person(relation.related_model, child).save()
        return obj

    @property
    def transitions(self):
        return [t.name for t in self.views.workflow.transitions] if self.views.workflow is not None else []


GOOD_ID = "330726199001010016"  # with its GB 11643 check character
#: A sample value of each kind of personal data.
SAMPLES = {personal.NAME: "张伟明", personal.ID_NUMBER: GOOD_ID, personal.PHONE: "13905791234",
           personal.ADDRESS: "示范县城关镇解放路12号", personal.FREE_TEXT: "申请人张伟明于当日到局口头申请"}


def as_natural_person(model, obj):
    """``obj`` with each field the declaration of ``model`` names set to a sample of its kind, as a natural person."""
    declared = personal.declaration(model)
    if declared is None:
        return obj
    for name, value in declared.natural_person.items():
        setattr(obj, name, value)
    for name, kind in declared.own().items():
        setattr(obj, name, SAMPLES[kind])
    return obj


def factories_of(reg):
    """{model: factory class} of a registration's ``tests/factories.py``."""
    module = reg.module("tests.factories") if reg.has_module("tests.factories") else None
    if module is None:
        return {}
    found = {}
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory) and value._meta.model is not None:
            found.setdefault(value._meta.model, value)
    return found


def subjects():
    """Every registry model with pages, in INSTALLED_APPS order, with its factory (None when it has none)."""
    from fazhi.core.views.generic import views_for

    out = []
    for reg in registry.registrations():
        made = factories_of(reg)
        for model in reg.models:
            views = views_for(model)
            if views is not None:
                out.append(Subject(reg, model, views, made.get(model)))
    return out


def subject_of(model):
    return next(s for s in subjects() if s.model is model)


def condition_values(condition):
    """The field values a side's ``condition`` (a Q of plain equalities) asks for."""
    values = {}
    for child in (condition.children if condition is not None else ()):
        if isinstance(child, Q):
            values.update(condition_values(child))
        else:
            values[child[0]] = child[1]
    return values


def as_side(subject, side, unit, holder):
    """A record held by ``holder`` that names ``unit`` on ``side``: the side's field set to it (through a
    related record of the unit when the field is a path, such as ``<relation>__org``)."""
    path = side.field.split("__")
    fields = condition_values(side.condition)
    if len(path) == 1:
        fields[path[0]] = unit
    elif len(path) == 2 and path[1] == "org":
        related = subject.model._meta.get_field(path[0]).related_model
        fields[path[0]] = subject_of(related).make(unit)
    else:
        raise NotImplementedError(f"{subject}: side {side.field} is deeper than one relation")
    return subject.make(holder, **fields)


def attach(subject, obj):
    """A file held by ``obj`` (the registry's ``attachments`` rows), or None when its records hold none."""
    if not subject.views.attachments:
        return None
    relation = subject.model._meta.get_field(subject.views.attachments)
    return relation.related_model.objects.create(**{relation.field.name: obj}, file=SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n%%EOF\n"))


def listed(response):
    """The primary keys of the rows a list page shows."""
    assert response.status_code == 200, response.status_code
    return {row["obj"].pk for row in response.context["rows"]}


def sheet(content):
    """The rows of a workbook's first sheet: a list of {header: value}."""
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h).lstrip("*") if h is not None else "" for h in rows[0]]
    return [dict(zip(header, r + (None,) * (len(header) - len(r)), strict=True)) for r in rows[1:]]


def workbook(rows, headers):
    """An .xlsx with the data sheet ``headers`` then ``rows`` (lists of cell values), as a user would upload it."""
    from openpyxl import Workbook

    from fazhi.core.excel import DATA_SHEET, set_cell

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    for col, header in enumerate(headers, start=1):
        set_cell(ws.cell(row=1, column=col), header)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value not in (None, ""):
                set_cell(ws.cell(row=r, column=col), value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def searchable_text(subject, obj):
    """A value of ``obj`` in one of its list's search fields that finds it for anyone, or None (a personal field is
    searched only by a role that sees it: ``personal.search_q``)."""
    for name in getattr(subject.views.filterset_class, "search_fields", ()):
        if "__" in name or name in personal.declaration(subject.model):
            continue
        value = getattr(obj, name, None)
        if isinstance(value, str) and len(value) >= 2:
            return value
    return None


def fresh(user):
    """``user`` as the database has them now (roles and permissions just granted)."""
    from fazhi.core.models import User

    return User.objects.get(pk=user.pk)


def grant(user, subject, action):
    """Give ``user``'s roles ``action`` on the subject's model (a narrow role may not delete at all: granting it
    makes what is tested the scope, not the missing right)."""
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(content_type__app_label=subject.model._meta.app_label,
                                  codename=f"{action}_{subject.model._meta.model_name}")
    for role in user.active_roles():
        role.permissions.add(perm)


def expected(user, subject, action):
    """What a page of a record out of scope answers: 404, or 403 when the role lacks ``action`` altogether."""
    return 404 if fresh(user).has_perm(subject.views.perm(action)) else 403
