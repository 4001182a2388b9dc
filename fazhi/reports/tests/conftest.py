"""Fixtures of the report tests: the demo county built once per module (as ``fazhi demo`` builds it, inside a
transaction rolled back at the end, each test in a savepoint inside it), on a day of the reporting season."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import transaction

TZ = ZoneInfo("Asia/Shanghai")
#: 10 March 2026: the 2025 reports are being written; the departments' date (1 March) has passed, the
#: publication date (1 April) has not.
SEASON = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county with its records (``fazhi demo`` on SEASON); returns the county government's Org."""
    from fazhi.core.models import Org

    with django_db_blocker.unblock(), time_machine.travel(SEASON, tick=False), pytest.MonkeyPatch.context() as mp:
        for name, value in (("time_cost", 1), ("memory_cost", 64), ("parallelism", 1)):
            mp.setattr(Argon2PasswordHasher, name, value)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield Org.objects.get(code="demo")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def season():
    """The clock at SEASON, ticking (a freeze and a later edit get different times)."""
    with time_machine.travel(SEASON, tick=True) as traveller:
        yield traveller
