"""Model fields of the registries that carry the platform's bounds (:mod:`fazhi.core.validators`)."""

from django.db import models

from .validators import NotInFuture, validate_date_range


class DateField(models.DateField):
    """A date a user enters or imports: between 1990-01-01 and 2100-12-31, and with ``not_in_future=True``
    (a receipt, application or acceptance date) not after today — “收到申请日期不能晚于今天。”.

    The bounds are model validators (``full_clean``: forms, the Excel import, an API) and are given to the form
    field as well, so that a model form refuses the date before its own ``clean()`` or the model's
    ``save()`` computes a deadline from it. For the database and the migrations it is a plain
    ``models.DateField`` with these validators: no column changes."""

    def __init__(self, *args, not_in_future=False, **kwargs):
        super().__init__(*args, **kwargs)
        own = [validate_date_range]
        if not_in_future:
            own.append(NotInFuture(self.verbose_name))
        self._validators = [*self._validators, *(v for v in own if v not in self._validators)]

    @property
    def not_in_future(self):
        return any(isinstance(v, NotInFuture) for v in self._validators)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if field is not None:
            field.validators = [*field.validators, *(v for v in self.validators if v not in field.validators)]
        return field

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class EncryptedExact(models.lookups.Exact):
    """``field=""`` (empty) still works; any other equality on an encrypted field cannot (every value has a
    fresh nonce): search by the field's :class:`BlindIndexField` instead."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            from django.core.exceptions import FieldError

            raise FieldError(f"“{self.lhs.target.verbose_name}”加密存储，不能按值查找；请按其盲索引（BlindIndexField）查找。")
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """Personal information stored SM4-encrypted (:mod:`fazhi.core.crypto`): the model, its forms, tables,
    masking and Excel see the plaintext; the database, its history table and every backup see only
    ``sm4$<key id>$…``. ``max_length`` is the plaintext's (forms and validation); the column is text, since
    the ciphertext is longer. Only ``isnull`` and equality with "" can be looked up; declare a
    :class:`BlindIndexField` to find a value."""

    def get_internal_type(self):
        return "TextField"  # the column: the ciphertext is longer than max_length

    def from_db_value(self, value, expression, connection):
        from .crypto import decrypt

        return decrypt(value)

    def get_db_prep_save(self, value, connection):
        from .crypto import encrypt, is_encrypted

        if hasattr(value, "as_sql"):  # an expression (bulk_update's CASE): its Values come back here one by one
            return value
        value = super().get_db_prep_save(value, connection)
        if value and not is_encrypted(value):
            value = encrypt(value)
        return value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "fazhi.core.fields.EncryptedCharField", args, kwargs


class BlindIndexField(models.CharField):
    """The keyed SM3 index of another field's value (:func:`fazhi.core.crypto.blind_index`), computed on every
    save: equal values have equal indexes, so a record can be found by an ID number without decrypting any.
    Look it up with ``<field>__in=crypto.blind_indexes(value)`` (every key of the ring, during a rotation)."""

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        from .crypto import blind_index

        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, "fazhi.core.fields.BlindIndexField", args, kwargs
