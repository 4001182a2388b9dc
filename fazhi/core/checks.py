"""System checks (``fazhi check``, and every ``runserver``/``migrate``): the personal-data keys can be read, and every
business registry declares what the centre needs (``core.registry``)."""

import os
import stat

from django.core.checks import Error, Warning, register


@register()
def data_keys(app_configs=None, **kwargs):
    from . import crypto

    try:
        ring = crypto.ring()
    except crypto.KeyError_ as e:
        return [Error(str(e), hint="见 docs/security.md“个人信息加密存储”。", id="fazhi.E001")]
    problems = []
    if ring.source != "env":
        mode = stat.S_IMODE(os.stat(ring.source).st_mode)
        if mode & 0o077:
            problems.append(Warning(f"个人信息密钥文件 {ring.source} 的权限为 {mode:o}，其他账户可读。",
                                    hint=f"chmod 600 {ring.source}", id="fazhi.W001"))
    return problems


#: The modules every business registry has (docs/adding-a-registry.md): the centre builds its pages, tables, Excel
#: and indicators from them, and the contract tests its records from the factories.
#: (``indicators.py`` is not required yet: 法律顾问 declares none.)
REQUIRED_MODULES = ("models", "forms", "filters", "tables", "resources", "views", "urls", "tests.factories")
PERIOD_KEYS = {"key", "label", "length", "unit", "basis"}


@register()
def registries(app_configs=None, **kwargs):
    """Every registry declares what the centre needs, and what it declares exists."""
    from django.core.exceptions import FieldDoesNotExist

    from . import registry
    from .choices import PeriodUnit

    problems = []
    seen_periods = {}
    for reg in registry.registrations():
        for name in REQUIRED_MODULES:
            if not reg.has_module(name):
                problems.append(Error(f"业务台账“{reg.name}”（{reg.label}）缺少 {name.replace('.', '/')}.py。",
                                      hint="见 docs/adding-a-registry.md。", obj=reg.label, id="fazhi.E002"))
        models = {m._meta.model_name for m in reg.models}
        for nav in reg.nav:
            if nav.model not in models:
                problems.append(Error(f"“{reg.name}”的导航项“{nav.label}”指向不存在的台账模型 {nav.model}。",
                                      obj=reg.label, id="fazhi.E003"))
        for spec in reg.periods:
            missing = PERIOD_KEYS - set(spec)
            key = spec.get("key", "?")
            if missing:
                problems.append(Error(f"“{reg.name}”的法定期限 {key} 缺少 {'、'.join(sorted(missing))}。", obj=reg.label, id="fazhi.E004"))
            elif spec["unit"] not in PeriodUnit.values or not isinstance(spec["length"], int) or spec["length"] <= 0:
                problems.append(Error(f"“{reg.name}”的法定期限 {key} 的长度或单位无效。", obj=reg.label, id="fazhi.E004"))
            if not key.startswith(f"{reg.label}."):
                problems.append(Error(f"“{reg.name}”的法定期限 {key} 应以“{reg.label}.”开头。", obj=reg.label, id="fazhi.E004"))
            if key in seen_periods:
                problems.append(Error(f"法定期限 {key} 由“{seen_periods[key]}”和“{reg.name}”重复声明。", obj=reg.label, id="fazhi.E004"))
            seen_periods[key] = reg.name
    from fazhi.indicators import definitions

    for key, x in definitions.REGISTRY.items():
        model, date_field = getattr(x, "model", None), getattr(x, "date_field", "")
        if model is None or not date_field:
            continue
        try:
            _resolve_field(model, date_field)
        except FieldDoesNotExist:
            problems.append(Error(f"指标 {key} 的日期字段 {date_field} 在 {model._meta.label} 中不存在。", obj=key, id="fazhi.E005"))
    return problems


def _resolve_field(model, path):
    """The field at ``path`` (``"case__received_on"``) from ``model``; FieldDoesNotExist when a step is missing."""
    from django.core.exceptions import FieldDoesNotExist

    field = None
    for step in path.split("__"):
        if field is not None:
            if field.related_model is None:
                raise FieldDoesNotExist(path)
            model = field.related_model
        field = model._meta.get_field(step)
    return field


@register()
def sides(app_configs=None, **kwargs):
    """Every side a registry model declares (``Model.sides``) names a path to a unit of the org tree and
    transitions its workflow has; every ``scope_parent`` names a foreign key to a model with a scope."""
    from django.core.exceptions import FieldDoesNotExist

    from . import registry
    from .models import Org
    from .workflow import Workflow

    problems = []
    for reg in registry.registrations():
        services = reg.module("services") if reg.has_module("services") else None
        workflows = [w for w in vars(services).values() if isinstance(w, Workflow)] if services else []
        for model in reg.config.get_models():
            transitions = {t.name for w in workflows if w.model is model for t in w.transitions}
            for side in getattr(model, "sides", ()):
                try:
                    field = _resolve_field(model, side.field)
                except FieldDoesNotExist:
                    field = None
                if field is None or field.related_model is not Org:
                    problems.append(Error(f"{model._meta.label} 的当事方“{side.label}”的字段 {side.field} 不是指向机构的外键。",
                                          obj=model._meta.label, id="fazhi.E009"))
                for name in sorted(set(side.transitions) - transitions):
                    problems.append(Error(f"{model._meta.label} 的当事方“{side.label}”可办理的流转 {name} 不存在。",
                                          obj=model._meta.label, id="fazhi.E009"))
            parent = getattr(model, "scope_parent", None)
            if parent:
                try:
                    related = model._meta.get_field(parent).related_model
                except FieldDoesNotExist:
                    related = None
                if related is None or not (hasattr(related, "org") or getattr(related, "scope_parent", None)):
                    problems.append(Error(f"{model._meta.label} 的 scope_parent（{parent}）不是指向台账记录的外键。",
                                          obj=model._meta.label, id="fazhi.E009"))
    return problems
