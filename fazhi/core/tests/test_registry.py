"""The registry of registries (core/registry.py): what each business registry declares in its own folder reaches
the centre — navigation, URLs, statutory periods, local rules, 我的待办, presets — and the system checks say what
a registry lacks."""

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.core import registry
from fazhi.core.checks import registries as registry_checks
from fazhi.core.context_processors import NAV
from fazhi.core.models import Period
from fazhi.core.periods import period_spec, statutory_periods
from fazhi.core.rules import RULES
from fazhi.indicators import dashboard, definitions, panels
from fazhi.indicators.presets import PRESETS

ROOT = Path(__file__).resolve().parents[3]
LABELS = ["advisers", "reconsideration", "litigation", "legality", "normative", "decisions", "oversight"]


def test_every_registry_app_is_registered_in_installed_apps_order():
    assert [r.label for r in registry.registrations()] == LABELS
    assert registry.get("litigation").name == "行政应诉"


def test_each_navigation_line_comes_from_its_registry_and_opens_its_list():
    for reg in registry.registrations():
        for section, label, url_name, perm in reg.nav_entries():
            assert (label, url_name, perm) in NAV[section]
            assert reverse(url_name).startswith("/" + reg.url_prefix)
            assert perm == f"{reg.label}.view_{url_name.split(':')[1].removesuffix('_list')}"


@pytest.mark.django_db
def test_the_periods_a_registry_declares_are_in_the_period_table_after_migrate():
    keys = [p["key"] for p in statutory_periods()]
    assert len(keys) == len(set(keys)) and keys
    assert {p.split(".")[0] for p in keys} == {"reconsideration", "litigation"}
    assert set(Period.objects.values_list("key", flat=True)) >= set(keys)
    assert period_spec("litigation.defence") == (15, "calendar_days")


def test_a_registrys_local_rules_are_core_rules_with_their_bounds():
    rule = RULES["legality_min_working_days"]
    assert (rule.default, rule.minimum, rule.maximum) == (7, 1, 60)
    assert {"normative_filing_days", "contract_review_threshold", "contract_filing_days"} <= set(RULES)


def test_a_registrys_presets_and_its_rates_business_line():
    assert list(PRESETS)[:4] == ["default", "truncate", "integer_percent", "one_decimal"]
    assert {"base_accepted", "base_received", "coordination_rate", "head_all_cases"} <= set(PRESETS)
    assert definitions.line_of("reconsideration.correction_rate") == "行政复议"
    assert definitions.line_of("litigation.received") == "行政应诉"
    assert definitions.line_of("no_such.key") == "no_such"


def test_the_declarations_pass_the_system_checks():
    assert registry_checks() == []


def test_a_module_is_found_without_importing_it():
    reg = registry.get("advisers")
    assert reg.has_module("tests.factories") and reg.has_module("views")
    assert not reg.has_module("dashboard") and not reg.has_module("tests.no_such")


def test_the_system_checks_name_what_a_registry_lacks_or_declares_wrongly(monkeypatch):
    reg = registry.get("litigation")
    monkeypatch.setattr(reg, "periods", [*reg.periods, {"key": "litigation.defence", "label": "重复", "length": 0,
                                                        "unit": "weeks", "basis": "无"}])
    monkeypatch.setattr(reg, "nav", [*reg.nav, registry.Nav("争议化解", "不存在", "nosuchmodel")])
    real = reg.has_module
    monkeypatch.setattr(reg, "has_module", lambda name: name != "tables" and real(name))
    ids = [e.id for e in registry_checks()]
    assert ids.count("fazhi.E002") == 1  # no tables.py
    assert "fazhi.E003" in ids  # the nav line names no model of the app
    assert ids.count("fazhi.E004") == 2  # an invalid period, declared twice
    messages = " ".join(e.msg for e in registry_checks())
    assert "缺少 tables.py" in messages and "重复声明" in messages


def test_every_registry_declares_its_indicators_and_one_without_is_an_error(monkeypatch):
    assert all(reg.has_module("indicators") for reg in registry.registrations())
    reg = registry.get("advisers")
    real = reg.has_module
    monkeypatch.setattr(reg, "has_module", lambda name: name != "indicators" and real(name))
    errors = [e for e in registry_checks() if e.id == "fazhi.E002"]
    assert [(e.obj, e.msg) for e in errors] == [("advisers", "业务台账“法律顾问”（advisers）缺少 indicators.py。")]


def test_each_registry_tells_the_benchmark_generator_how_to_clone_its_records():
    for reg in registry.registrations():
        specs = reg.declared("bench", "SPECS", [])
        models = [spec.model for spec in specs]
        assert set(models) >= set(reg.models), reg.label  # every registry model, none left out of the province
        assert {m._meta.app_label for m in models} == {reg.label}
        for i, spec in enumerate(specs):
            if spec.parent:  # a child row follows its parent's year: the parent is cloned first
                parent = spec.model._meta.get_field(spec.parent.removesuffix("_id")).related_model
                assert parent in models[:i], (reg.label, spec.model.__name__)
            else:
                assert spec.key and all(spec.model._meta.get_field(name) for name in spec.key)


def test_an_indicator_whose_date_field_does_not_exist_is_an_error(monkeypatch):
    from fazhi.litigation.models import Lawsuit

    monkeypatch.setitem(definitions.REGISTRY, "litigation.broken",
                        definitions.Count("litigation.broken", "坏", Lawsuit, date_field="reconsideration_case__no_such_on"))
    errors = [e for e in registry_checks() if e.id == "fazhi.E005"]
    assert len(errors) == 1 and "no_such_on" in errors[0].msg


def test_a_registrys_dashboard_declares_its_tiles_and_charts_in_registry_order():
    assert registry.get("advisers").module("dashboard") is None
    assert [label for label, _ in dashboard.tile_groups()] == ["行政复议", "行政应诉"]
    assert [c.id for c in dashboard.declarations.every("outcomes")] == ["recon-outcomes", "lit-outcomes"]
    assert [t.key for t in dashboard.declarations.every("trend")] == ["reconsideration.correction_rate", "litigation.loss_rate"]
    assert "litigation.closed_first_instance" in dashboard.keys()


def test_a_dashboard_key_that_is_not_a_registered_indicator_of_its_kind_is_an_error(monkeypatch):
    from fazhi.litigation import dashboard as declared

    wrong = replace(declared.DASHBOARD, tiles=(*declared.DASHBOARD.tiles, "litigation.no_such"),
                    shares=(panels.ShareChart("litigation.received", "pie"),))
    monkeypatch.setattr(declared, "DASHBOARD", wrong)
    errors = [e for e in registry_checks() if e.id == "fazhi.E006"]
    assert len(errors) == 2 and all(e.obj == "litigation" for e in errors)
    assert "litigation.no_such 未登记" in errors[0].msg
    assert "只能列出分类占比指标，litigation.received 是计数指标" in errors[1].msg


def test_fazhi_check_is_djangos_and_the_consistency_check_has_its_own_name():
    call_command("check")  # Django's system checks, no --org needed
    from django.core.management import get_commands

    assert get_commands()["consistency"] == "fazhi.indicators"
    assert get_commands()["check"] == "django.core"


@pytest.mark.parametrize("value", ["ture", "2", "enabled"])
def test_a_fazhi_switch_that_is_not_a_boolean_stops_the_start(value, tmp_path):
    env = {**os.environ, "FAZHI_HTTPS": value, "FAZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    r = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode != 0
    assert f"FAZHI_HTTPS='{value}' 不是开关值" in r.stderr


@pytest.mark.parametrize("value", ["1", "true", "On", "0", "no", ""])
def test_a_fazhi_switch_takes_the_usual_words(value, tmp_path):
    env = {**os.environ, "FAZHI_HTTPS": value, "FAZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.FAZHI_HTTPS)"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(value.lower() in {"1", "true", "on"})


#: Lines of the central modules (core, indicators, reports and the URL configuration; tests and migrations aside)
#: that still name a registry, per file. None do (docs/adding-a-registry.md): a change that names a registry in
#: the centre again — even in a docstring's example — fails here.
CENTRAL_BUDGET = {}


def test_the_central_modules_name_no_registry():
    """Neither a registry's label nor one of its models' class names, not even in a docstring's example."""
    models = [m.__name__ for reg in registry.registrations() for m in reg.config.get_models()]
    names = re.compile(r"\b(" + "|".join(LABELS + ["contracts"] + models) + r")\b")
    found = {}
    for top in ("fazhi/core", "fazhi/indicators", "fazhi/reports", "fazhi/api", "fazhi/urls.py"):
        paths = [ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))
        for path in paths:
            rel = path.relative_to(ROOT).as_posix()
            if "/tests/" in rel or "/migrations/" in rel:
                continue
            n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if names.search(line))
            if n:
                found[rel] = n
    over = {f: n for f, n in found.items() if n > CENTRAL_BUDGET.get(f, 0)}
    assert not over, f"central modules name registries beyond their budget: {over}"
