"""A registry is only its own folder (docs/adding-a-registry.md): the throwaway 普法活动 registry in
``tests/plugin_registry/``, which nothing in ``fazhi/`` names, installed through ``FAZHI_PLUGINS``, appears in the
navigation, the lists, the Excel import, the indicators, the dashboard, the report, core's tests of every registry
(bad values, the fuzz, masking) and the contract tests. Its tests run in a pytest process of their own (an app
cannot be installed into a running one), with their own var folder; and the setting refuses what is not a module
path."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PLUGIN = "tests.plugin_registry"
PLUGIN_TESTS = "tests/plugin_registry/tests/test_publicity_events.py"
#: The tests of core that find every registry (parametrized by model label): run for the plugin's cases only.
GENERIC = ["fazhi/core/tests/test_bad_values.py", "fazhi/core/tests/test_fuzz_registries.py",
           "fazhi/core/tests/test_personal_data.py"]
#: The contract suite (every registry's records through the generic pages), when the branch has it: the same.
CONTRACT = "fazhi/core/tests/test_contract.py"
#: Selects the plugin's own module (test_publicity_events) and the cases of the others whose id names its model
#: (publicity_events.PublicityEvent).
SELECTION = "publicity"


def _env(tmp_path, **extra):
    """The environment of a child process: this one's, with its own var folder, on SQLite there (a PostgreSQL
    test database of the same name as this run's would be dropped under it), outside any xdist worker."""
    env = {k: v for k, v in os.environ.items()
           if k != "FAZHI_DATABASE_URL" and not k.startswith(("PYTEST_XDIST", "PYTEST_CURRENT"))}
    return {**env, "FAZHI_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "fazhi.settings", **extra}


def test_the_plugin_registry_reaches_every_part_of_the_centre(tmp_path):
    paths = [PLUGIN_TESTS, *GENERIC] + ([CONTRACT] if (ROOT / CONTRACT).exists() else [])
    report = tmp_path / "junit.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-k", SELECTION,
               f"--junitxml={report}", *paths]
    r = subprocess.run(command, cwd=ROOT, env=_env(tmp_path, FAZHI_PLUGINS=PLUGIN), capture_output=True, text=True, timeout=900)
    output = f"$ {' '.join(command)}\n{r.stdout}\n{r.stderr}"
    assert r.returncode == 0, output
    cases = [(c.get("classname"), c.get("name")) for c in ET.parse(report).iter("testcase")]
    ran = {classname.split(".")[-1] for classname, _ in cases}
    for path in paths:  # each module ran cases of the plugin: the centre found it
        assert Path(path).stem in ran, f"{path}: no case of the plugin selected with -k {SELECTION}\n{output}"


def test_the_normal_run_does_not_collect_the_plugin_tests(tmp_path):
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only", "tests/plugin_registry"]
    r = subprocess.run(command, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert r.returncode == 5, r.stdout + r.stderr  # no tests collected: the registry is not installed


def _setup(tmp_path, value):
    code = "import django; django.setup(); from django.conf import settings; print(','.join(settings.INSTALLED_APPS))"
    return subprocess.run([sys.executable, "-c", code], env=_env(tmp_path, FAZHI_PLUGINS=value), capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("value", ["tests/plugin_registry", "tests.plugin-registry", "tests..plugin_registry", "1abc"])
def test_a_plugin_that_is_not_a_module_path_stops_the_start(value, tmp_path):
    r = _setup(tmp_path, value)
    assert r.returncode != 0
    assert f"环境变量 FAZHI_PLUGINS 中的 {value!r} 不是 Python 模块路径" in r.stderr


def test_a_plugin_named_twice_stops_the_start(tmp_path):
    r = _setup(tmp_path, f"{PLUGIN},{PLUGIN}")
    assert r.returncode != 0 and f"{PLUGIN!r} 重复" in r.stderr


def test_a_plugin_that_cannot_be_imported_stops_the_start(tmp_path):
    r = _setup(tmp_path, "tests.no_such_registry")
    assert r.returncode != 0 and "模块 tests.no_such_registry 找不到" in r.stderr
    r = _setup(tmp_path, "no_such_package.registry")
    assert r.returncode != 0 and "模块 no_such_package.registry 找不到" in r.stderr


@pytest.mark.parametrize("value", ["", " , ", f" {PLUGIN} ,"])
def test_the_plugins_go_after_the_registries_and_before_the_centre(value, tmp_path):
    r = _setup(tmp_path, value)
    assert r.returncode == 0, r.stderr
    apps = r.stdout.strip().split(",")
    expected = [PLUGIN] if value.strip(" ,") else []
    at = apps.index("fazhi.oversight") + 1
    assert apps[at:at + len(expected)] == expected and apps[at + len(expected)] == "fazhi.indicators"


@pytest.mark.django_db
def test_migrate_gives_the_standard_roles_the_permissions_of_a_registry_added_later(county):
    """A registry installed after the platform was set up: its permissions exist after ``migrate``, and the standard
    roles get them there (here: a permission the bureau's role lost, as if its registry were new)."""
    import io

    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from fazhi.core.models import Role
    from fazhi.core.separation import system_change

    role = Role.objects.get(code="bureau_admin")
    added = Permission.objects.get(codename="add_legaladviser")
    with system_change():
        role.permissions.remove(added)
    assert not role.permissions.filter(pk=added.pk).exists()
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert role.permissions.filter(pk=added.pk).exists()
