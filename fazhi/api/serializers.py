"""One serializer per registry model, generated from its declaration: the model's own fields (the units by their
code), each personal field through the one masking function (:func:`fazhi.core.personal.shown`), and ``?fields=``
to thin the rows. Writes are validated by the registry's own form (:mod:`fazhi.api.viewsets`), not here: the
serializer describes the fields (their Chinese names, the choices with their labels) for the schema."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core import personal
from fazhi.core.fields import BlindIndexField
from fazhi.core.models import Org

#: Fields no API row shows: who typed a record is in its history, a blind index is no value.
HIDDEN = {"created_by", "updated_by"}


class RegistrySerializer(serializers.ModelSerializer):
    """Masks the declared personal fields unless the view says the row is shown in full (``context["unmasked"]``:
    a set of primary keys, or True/False)."""

    def __init__(self, *args, **kwargs):
        fields = kwargs.pop("fields", None)
        super().__init__(*args, **kwargs)
        if fields:
            for name in set(self.fields) - set(fields) - {"id"}:
                self.fields.pop(name)

    def unmasked(self, obj):
        unmasked = self.context.get("unmasked", False)
        return obj.pk in unmasked if isinstance(unmasked, (set, frozenset)) else bool(unmasked)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        declared = personal.declaration(instance)
        full = self.unmasked(instance)
        for name in declared:
            if name in data:
                value = personal.shown(instance, name, full)
                data[name] = value if value is None or isinstance(value, (int, bool)) else str(value)
        return data


def field_names(model, writable):
    """The model's own concrete fields as API fields, ``id`` first; the parent's values from child rows
    (``personal.Rows``) after them."""
    names = ["id"]
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in HIDDEN or isinstance(f, BlindIndexField):
            continue
        names.append(f.name)
    names += [name for name, kind in personal.declaration(model).fields.items() if isinstance(kind, personal.Rows)]
    return names


def serializer_for(views):
    """The serializer class of a registry's ``RegistryViews``."""
    model = views.model
    writable = set(views.form_class.base_fields) if views.form_class is not None else set()
    names = field_names(model, writable)
    attrs = {}
    for f in model._meta.concrete_fields:
        if f.name not in names or not isinstance(f, models.ForeignKey):
            continue
        if f.related_model is Org:
            extra = {"queryset": Org.objects.all(), "allow_null": f.null, "required": False} if f.name in writable else {"read_only": True}
            attrs[f.name] = serializers.SlugRelatedField(slug_field="code", label=f.verbose_name,
                                                         help_text=f"单位代码（{f.verbose_name}）", **extra)
    for f in model._meta.concrete_fields:
        # A choice the form does not write (set by a transition) is shown as it is: blank until it is set.
        if f.name in names and f.choices and f.name not in writable and f.name not in attrs:
            attrs[f.name] = serializers.ChoiceField(choices=f.choices, allow_blank=f.blank, allow_null=f.null, read_only=True,
                                                    label=f.verbose_name, help_text=str(f.help_text or f.verbose_name))
    for name, kind in personal.declaration(model).fields.items():
        if isinstance(kind, personal.Rows):
            child = model._meta.get_field(kind.related).related_model
            label = child._meta.get_field(kind.field).verbose_name
            attrs[name] = serializers.SerializerMethodField(label=label, help_text=f"{label}（多人以“、”分隔）")
            attrs[f"get_{name}"] = extend_schema_field(OpenApiTypes.STR)(
                lambda self, obj, _name=name: personal.shown(obj, _name, self.unmasked(obj)))
    read_only = [n for n in names if n not in writable and n not in attrs]
    # Every field described in Chinese in the schema: its help text, else its name.
    described = {}
    for f in model._meta.concrete_fields:
        if f.name in names and f.name not in attrs:
            described[f.name] = {"help_text": str(f.help_text or f.verbose_name)}
    meta = type("Meta", (), {"model": model, "fields": names, "read_only_fields": read_only, "extra_kwargs": described})
    return type(f"{model.__name__}Serializer", (RegistrySerializer,), {"Meta": meta, **attrs})
