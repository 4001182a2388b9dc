"""Project-wide pytest fixtures: a fresh calendar cache per test, and the fixed cast of users."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client


@pytest.fixture(scope="session", autouse=True)
def _flush_passes_the_audit_delete_trigger():
    """A transactional test (``django_db(transaction=True)``, the live-server browser tests) ends with Django's
    flush, which empties every table: ``DELETE FROM`` on SQLite, ``TRUNCATE`` on PostgreSQL. The audit table's
    trigger refuses both (migration 0006), so the flush runs through ``core.audit.deletion_allowed`` — the
    same guard ``fazhi audit purge`` uses, in the flush's own transaction. The trigger stays in place for the
    tests themselves; this only lets the test runner clean up."""
    from django.db import transaction
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        from fazhi.core.audit import deletion_allowed

        alias = self.connection.alias
        with transaction.atomic(using=alias), deletion_allowed("test flush", using=alias):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch):
    """Cheap Argon2 parameters, so that building the cast and logging in through the real login page stay
    fast. The hasher is still Argon2 (hashes start with ``argon2``) and each hash stores its parameters."""
    monkeypatch.setattr(Argon2PasswordHasher, "time_cost", 1)
    monkeypatch.setattr(Argon2PasswordHasher, "memory_cost", 64)
    monkeypatch.setattr(Argon2PasswordHasher, "parallelism", 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files and error workbooks go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    """Tests see every record they write at once: dashboards are not kept between requests (the cache itself is
    tested in fazhi/indicators/tests/demo/test_dashboard_cache.py, which turns it on)."""
    settings.FAZHI_DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Test transactions roll back without signals, so the in-process calendar cache is cleared by hand."""
    from fazhi.core.periods import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def county(db):
    """The demo county's org tree and its fixed cast of accounts (admin, secadmin, auditor, bureau,
    section, station1, station2, dept1, leader), without records; plus an ``outsider`` who works in
    another county."""
    from fazhi.core.choices import OrgKind
    from fazhi.core.models import Membership, Org, User
    from fazhi.demo import county as demo

    root = demo.build_orgs()
    demo.build_accounts(root, demo.DEFAULT_PASSWORD)
    city = Org.objects.get(code="zj-city")
    other = Org.objects.create(code="other", name="邻县人民政府", kind=OrgKind.GOVERNMENT, parent=city, short_name="邻政")
    outsider = User.objects.create(username="outsider", full_name="外县人员", must_change_password=False, active_org=other)
    outsider.set_password(demo.DEFAULT_PASSWORD)
    outsider.save()
    from fazhi.core.models import Role

    m = Membership.objects.create(user=outsider, org=other)
    m.roles.set([Role.objects.get(code="department_liaison")])
    return root


@pytest.fixture
def cast(county):
    """{username: User} of the fixed cast."""
    from fazhi.core.models import User

    return {u.username: u for u in User.objects.all()}


class FormClient(Client):
    """The test client, posting as a browser posts a rendered form: a dict posted by a signed-in user gets a
    fresh form token (``core.submissions``) unless it names one — the hidden field the form's page would have
    carried. The views still check every token; tests of a missing or altered token post their own value (or
    use a plain ``django.test.Client``), and tests of a form posted twice take the token from the page."""

    def post(self, path, data=None, *args, **kwargs):
        from fazhi.core.submissions import FIELD, new_token

        if isinstance(data, dict) and FIELD not in data:
            user = self._signed_in_user()
            if user is not None:
                data = {**data, FIELD: new_token(user)}
        return super().post(path, data, *args, **kwargs)

    def _signed_in_user(self):
        from django.contrib.auth import SESSION_KEY

        from fazhi.core.models import User

        if self.session.get(SESSION_KEY) is None:
            return None
        return User.objects.filter(pk=self.session[SESSION_KEY]).first()


@pytest.fixture
def client():
    """pytest-django's ``client``, as a :class:`FormClient`."""
    return FormClient()


@pytest.fixture
def login(client):
    """Log a cast member in on the test client: ``login(cast['station1'])``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
