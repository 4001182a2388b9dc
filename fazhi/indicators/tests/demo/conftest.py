"""The demo county (``fazhi demo``) as the data of the dashboard tests.

Building it takes seconds, so this package builds it once, on 2026-11-22, inside a transaction that is rolled
back when the package's last test has run; each test runs in a savepoint inside it (as Django's
``TestCase.setUpTestData`` does). The clock stays on that day (ticking), so "last full year" is 2025."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import transaction

TODAY = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="package")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county, built once for the package."""
    with django_db_blocker.unblock(), time_machine.travel(TODAY, tick=True), pytest.MonkeyPatch.context() as mp:
        for name, value in (("time_cost", 1), ("memory_cost", 64), ("parallelism", 1)):
            mp.setattr(Argon2PasswordHasher, name, value)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_county, cast):
    """The demo county and its cast of users ({username: User}); the clock on 2026-11-22."""
    return cast
