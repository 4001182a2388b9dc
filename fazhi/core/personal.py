"""Personal data, declared once on the model and shown through one function.

A model that holds personal information (个人信息保护法 Art. 4) says which of its fields do, and of what kind, in a
``personal`` attribute::

    class Record(RegistryModel):
        ...
        personal = PersonalFields(
            counterparty_name=NAME,
            natural_person={"counterparty_kind": "person"},
            natural_person_only={"counterparty_name"},
        )

* each keyword names a field and its kind: :data:`NAME`, :data:`ID_NUMBER`, :data:`PHONE`, :data:`ADDRESS` or
  :data:`FREE_TEXT` (a text that may hold any of them, such as an oral application's record);
* ``natural_person`` (field → value) tells a natural person's row from an organisation's, and the fields in
  ``natural_person_only`` are personal only on such a row (a company's name is not personal information);
* a child row declares its own fields on its own model (a case's parties); the parent declares the values its
  pages show from them with :class:`Rows` (``applicant_name=Rows("parties", "name", where={"role": "applicant"})``),
  and each child row is then masked by the child's declaration.

Everything that shows a record — the list and its drill-downs from the indicators (:mod:`fazhi.core.tables`), the
detail page and its history tab (:mod:`fazhi.core.views.generic`), the edit form (:mod:`fazhi.core.forms`), the
Excel export of the web and of ``fazhi export`` (:mod:`fazhi.core.excel`) — reads a value through :func:`shown`,
which masks it unless the caller asks for it unmasked (a role with ``can_view_pii`` that asked, audited). Nothing
else masks, and nothing guesses from a field's name.

The encryption at rest keys off the same declaration: every ID number and phone field is an
:class:`~fazhi.core.fields.EncryptedCharField`, and every encrypted field is declared (system check ``fazhi.E008``,
:mod:`fazhi.core.checks`, which also checks that a declaration names real fields).
"""

from dataclasses import dataclass, field

NAME = "name"
ID_NUMBER = "id_number"
PHONE = "phone"
ADDRESS = "address"
FREE_TEXT = "free_text"

#: kind → its Chinese name (for the system check's messages).
KINDS = {NAME: "姓名", ID_NUMBER: "身份证号", PHONE: "联系电话", ADDRESS: "住址", FREE_TEXT: "含个人信息的文字"}

#: The kinds stored encrypted (:class:`~fazhi.core.fields.EncryptedCharField`); an address may be as well.
ENCRYPTED_KINDS = (ID_NUMBER, PHONE)

#: A free text masked: nothing of it is shown.
HIDDEN_TEXT = "（含个人信息，已隐藏）"

#: A personal field's change on the history tab (old and new value alike).
HIDDEN_CHANGE = "（个人信息，已隐藏）"


@dataclass(frozen=True)
class Rows:
    """A value a parent shows from its child rows: the ``field`` of each row of the reverse relation ``related`` that
    matches ``where`` (field → value), joined with "、", each masked by the child model's own declaration."""

    related: str
    field: str
    where: dict = field(default_factory=dict)

    def rows(self, obj):
        """The matching child rows of ``obj`` (``.all()``: a prefetched relation costs no query)."""
        return [row for row in getattr(obj, self.related).all()
                if all(getattr(row, name) == value for name, value in self.where.items())]


class PersonalFields:
    """The personal fields of one model (see the module docstring): ``name=KIND`` or ``name=Rows(…)`` keywords,
    ``natural_person`` (field → value: the row is a natural person's) and ``natural_person_only`` (field names)."""

    def __init__(self, *, natural_person=None, natural_person_only=(), **fields):
        self.fields = dict(fields)
        self.natural_person = dict(natural_person or {})
        self.natural_person_only = frozenset(natural_person_only)

    def __iter__(self):
        return iter(self.fields)

    def __contains__(self, name):
        return name in self.fields

    def __bool__(self):
        return bool(self.fields)

    def __repr__(self):
        return f"PersonalFields({self.fields!r})"

    def kind(self, name):
        """The kind of field ``name`` (a :class:`Rows` for a value from child rows), or None when not personal."""
        return self.fields.get(name)

    def own(self):
        """``{name: kind}`` of the model's own fields (the :class:`Rows` left out)."""
        return {name: kind for name, kind in self.fields.items() if not isinstance(kind, Rows)}

    def is_natural_person(self, obj):
        """Whether ``obj`` is a natural person's row (always, when the model does not tell them apart)."""
        return all(getattr(obj, name) == value for name, value in self.natural_person.items())

    def applies(self, obj, name):
        """Whether field ``name`` of row ``obj`` is personal information."""
        if name not in self.fields:
            return False
        return name not in self.natural_person_only or self.is_natural_person(obj)


#: The declaration of a model that declares none.
NONE = PersonalFields()


def declaration(model):
    """The :class:`PersonalFields` of ``model`` (a class or an instance)."""
    return getattr(model, "personal", NONE)


def mask(value, kind=NAME):
    """``value`` masked as personal information of ``kind``: a name keeps its surname (and its last character
    from three on; each of "、"-separated names alike), an ID number its first 6 and last 4 characters, a phone
    number its first 3 and last 4 digits, an address its first 6 characters; a free text is not shown at all."""
    if value in (None, ""):
        return value
    s = str(value)
    if kind == NAME and "、" in s:
        return "、".join(mask(part, NAME) for part in s.split("、"))
    if kind == NAME:
        return s[0] + "*" * max(1, len(s) - 1) if len(s) <= 2 else s[0] + "*" * (len(s) - 2) + s[-1]
    if kind == ID_NUMBER:
        return s[:6] + "*" * max(0, len(s) - 10) + s[-4:] if len(s) > 10 else "*" * len(s)
    if kind == PHONE:
        return s[:3] + "*" * max(0, len(s) - 7) + s[-4:] if len(s) > 7 else "*" * len(s)
    if kind == ADDRESS:
        return s[:6] + "*" * (len(s) - 6) if len(s) > 6 else "*" * len(s)
    if kind == FREE_TEXT:
        return HIDDEN_TEXT
    raise ValueError(f"unknown kind of personal information: {kind!r}")


def _holder(obj, path):
    """The row that holds the last step of ``path`` (``"review__number"`` → the related review) and that step."""
    from .tables import resolve

    head, _, name = path.rpartition("__")
    return (resolve(obj, head) if head else obj), name


def applies(obj, path):
    """Whether the value at ``path`` of ``obj`` is personal information of that row (a :class:`Rows` value always is)."""
    holder, name = _holder(obj, path)
    return holder is not None and declaration(holder).applies(holder, name)


def shown(obj, path, unmasked=False):
    """The value at ``path`` of ``obj`` (as :func:`fazhi.core.tables.resolve` reads it) as a page, a sheet or a report
    may show it: masked when it is personal information of the row that holds it, unless ``unmasked`` (the caller
    has checked ``can_view_pii`` and that the user asked). The one masking function of the platform."""
    from .tables import resolve

    holder, name = _holder(obj, path)
    if holder is None:
        return None
    decl = declaration(holder)
    kind = decl.kind(name)
    if isinstance(kind, Rows):
        values = (shown(row, kind.field, unmasked) for row in kind.rows(holder))
        return "、".join(str(v) for v in values if v not in (None, ""))
    value = resolve(holder, name)
    if unmasked or not decl.applies(holder, name):
        return value
    return mask(value, kind)


def search_q(model, path, value, unmasked):
    """The condition a keyword search of ``model``'s records over ``path`` (a search field, e.g. ``"parties__name"``)
    adds for a user who sees personal information masked (``unmasked`` False): none over a personal field — a hit
    would tell them the value they may not read — and, over a field that is personal only for natural persons,
    only the rows that are not. None when the field adds nothing."""
    from django.db.models import Q

    hit = Q(**{f"{path}__icontains": value})
    if unmasked:
        return hit
    *relations, name = path.split("__")
    target = model
    for relation in relations:
        target = target._meta.get_field(relation).related_model
    declared = declaration(target)
    if name not in declared.own():
        return hit
    if name not in declared.natural_person_only or not declared.natural_person:
        return None
    if not relations:
        return hit & ~Q(**declared.natural_person)
    rows = target.objects.filter(**{f"{name}__icontains": value}).exclude(**declared.natural_person)
    return Q(**{"__".join(relations) + "__in": rows})


def holds(obj):
    """Whether row ``obj`` holds personal information its detail page masks (it may then offer to unmask it)."""
    decl = declaration(obj)
    return any(decl.applies(obj, name) for name in decl)
