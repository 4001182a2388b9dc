"""Allocating serial numbers (case numbers, document numbers) safely under concurrency.

``allocate(key, year)`` increments the sequence row with one ``UPDATE … SET last = last + 1`` inside the
caller's transaction: on PostgreSQL the row lock serialises concurrent callers until commit; on SQLite the
IMMEDIATE transaction mode of the settings takes the write lock at BEGIN. A number once given out is never
given again, even when the record that got it is deleted. ``allocate_block(key, year, count)`` gives a whole
import its numbers in one such ``UPDATE``."""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models.numbering import NumberSequence


def allocate(key, year):
    """The next serial number of ``key`` in ``year`` (1, 2, 3 …)."""
    return allocate_block(key, year, 1)[0]


def allocate_block(key, year, count):
    """``count`` consecutive serial numbers of ``key`` in ``year`` in one ``UPDATE … SET last = last + count``:
    :func:`allocate` for a whole import (same sequence row, same lock, same rule that a number once given out is
    never given again)."""
    with transaction.atomic():
        if not NumberSequence.objects.filter(key=key, year=year).exists():
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, year=year, last=0)
            except IntegrityError:
                pass  # created by a concurrent caller in the meantime
        NumberSequence.objects.filter(key=key, year=year).update(last=F("last") + count)
        last = NumberSequence.objects.values_list("last", flat=True).get(key=key, year=year)
    return range(last - count + 1, last + 1)
