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
