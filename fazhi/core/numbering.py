"""Allocating serial numbers (case numbers, document numbers) safely under concurrency.

``allocate(key, year)`` increments the sequence row with one ``UPDATE … SET last = last + 1`` inside the
caller's transaction: on PostgreSQL the row lock serialises concurrent callers until commit; on SQLite the
IMMEDIATE transaction mode of the settings takes the write lock at BEGIN. A number once given out is never
given again, even when the record that got it is deleted."""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models.numbering import NumberSequence


def allocate(key, year):
    """The next serial number of ``key`` in ``year`` (1, 2, 3 …)."""
    with transaction.atomic():
        if not NumberSequence.objects.filter(key=key, year=year).exists():
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, year=year, last=0)
            except IntegrityError:
                pass  # created by a concurrent caller in the meantime
        NumberSequence.objects.filter(key=key, year=year).update(last=F("last") + 1)
        return NumberSequence.objects.values_list("last", flat=True).get(key=key, year=year)
