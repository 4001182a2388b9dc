"""Deployment defaults of 等保 level 3: HTTPS (secure cookies, HSTS) when FAZHI_HTTPS is set, and temporary files
purged after the local rule's period."""

import io
import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from fazhi.core.models import AuditEvent, LocalRule, Org


def settings_under(env):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, getattr(s, 'SECURE_HSTS_SECONDS', 0), "
        "getattr(s, 'SECURE_SSL_REDIRECT', False), getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("FAZHI_HTTPS", "FAZHI_TRUSTED_PROXIES")}
    out = subprocess.run([sys.executable, "-c", code], env={**environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings", **env},
                         capture_output=True, text=True, check=True).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def test_without_fazhi_https_cookies_are_not_marked_secure_and_there_is_no_hsts():
    assert settings_under({}) == [False, False, 0, False, None]


def test_fazhi_https_marks_cookies_secure_sends_hsts_for_a_year_and_redirects_plain_http():
    assert settings_under({"FAZHI_HTTPS": "1"}) == [True, True, 31536000, True, None]


def test_behind_a_trusted_proxy_its_forwarded_proto_is_believed():
    assert settings_under({"FAZHI_HTTPS": "1", "FAZHI_TRUSTED_PROXIES": "127.0.0.1"})[4] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_an_https_response_carries_the_hsts_header(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    r = client.get("/login/", secure=True)
    assert r["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_temporary_files_older_than_the_local_rule_are_purged_and_the_purge_is_audited(county, settings):
    imports = settings.MEDIA_ROOT / "imports"
    imports.mkdir(parents=True)
    old, new = imports / "old.xlsx", imports / "new.xlsx"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    eight_days = time.time() - 8 * 86400
    os.utime(old, (eight_days, eight_days))
    out = io.StringIO()
    call_command("purge_temp", stdout=out)
    assert not old.exists() and new.exists()
    assert "已删除7天前的临时文件1个" in out.getvalue()
    assert AuditEvent.objects.filter(message__contains="清理7天前的临时文件1个").exists()
    LocalRule.objects.create(org=Org.objects.get(code="zj"), key="temp_file_days", value="30")
    os.utime(new, (eight_days, eight_days))
    call_command("purge_temp", stdout=io.StringIO())
    assert new.exists()
