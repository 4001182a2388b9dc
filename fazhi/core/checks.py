"""System checks (``fazhi check``, and every ``runserver``/``migrate``): the personal-data keys can be read, every
business registry declares what the centre needs (``core.registry``), and the personal-data declarations
(``core.personal``) name real fields and match the encrypted ones, and the date orders (``core.dates``) name
date fields."""

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
#: and indicators from them, and the contract tests its records from the factories. (A registry whose records give
#: no figure still has an ``indicators.py`` that says so in its docstring, as the work ledger's does.)
REQUIRED_MODULES = ("models", "forms", "filters", "tables", "resources", "views", "urls", "indicators", "tests.factories")
PERIOD_KEYS = {"key", "label", "length", "unit", "basis"}
#: The kinds of indicator, as the dashboard check names them.
KIND_NAMES = {"count": "计数", "rate": "比率", "breakdown": "分类占比", "sum": "合计", "average": "平均值", "max": "最大值"}


@register()
def registries(app_configs=None, **kwargs):
    """Every registry declares what the centre needs, and what it declares exists: its modules (E002), its nav's
    models (E003), its periods (E004), its indicators' date fields (E005) and its dashboard's keys (E006)."""
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
    for reg in registry.registrations():
        panels = reg.declared("dashboard", "DASHBOARD")
        for key, kinds in panels.keys() if panels is not None else ():
            x = definitions.REGISTRY.get(key)
            if x is None:
                problems.append(Error(f"“{reg.name}”的数据看板（dashboard.py）列出的指标 {key} 未登记。",
                                      hint="指标在台账的 indicators.py 中登记。", obj=reg.label, id="fazhi.E006"))
            elif x.kind not in kinds:
                problems.append(Error(f"“{reg.name}”的数据看板（dashboard.py）在此处只能列出{'或'.join(KIND_NAMES[k] for k in kinds)}指标，"
                                      f"{key} 是{KIND_NAMES.get(x.kind, x.kind)}指标。", obj=reg.label, id="fazhi.E006"))
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
def personal_data(app_configs=None, **kwargs):
    """Every model's personal-data declaration (:mod:`fazhi.core.personal`) names its real fields, and the encryption
    at rest follows it: every declared ID number and phone field is an ``EncryptedCharField``, and every
    ``EncryptedCharField`` is declared."""
    from django.apps import apps

    from . import personal
    from .fields import EncryptedCharField

    problems = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):  # a history table: its model's declaration covers it
            continue
        label = model._meta.label
        declared = personal.declaration(model)
        fields = {f.name: f for f in model._meta.get_fields()}
        for name, kind in declared.fields.items():
            if isinstance(kind, personal.Rows):
                problems += _rows_problems(label, name, kind, fields)
            elif kind not in personal.KINDS:
                problems.append(Error(f"{label} 的个人信息字段 {name} 的类型 {kind!r} 无效。", obj=label, id="fazhi.E008"))
            elif not getattr(fields.get(name), "concrete", False):
                problems.append(Error(f"{label} 声明的个人信息字段 {name} 不存在。", obj=label, id="fazhi.E008"))
            elif kind in personal.ENCRYPTED_KINDS and not isinstance(fields[name], EncryptedCharField):
                problems.append(Error(f"{label} 的{personal.KINDS[kind]}字段 {name} 未加密存储。",
                                      hint="改用 fazhi.core.fields.EncryptedCharField。", obj=label, id="fazhi.E008"))
        for name in declared.natural_person:
            if not getattr(fields.get(name), "concrete", False):
                problems.append(Error(f"{label} 区分自然人所用的字段 {name} 不存在。", obj=label, id="fazhi.E008"))
        for name in declared.natural_person_only - set(declared.fields):
            problems.append(Error(f"{label} 的 natural_person_only 中的 {name} 不是声明的个人信息字段。", obj=label, id="fazhi.E008"))
        if declared.natural_person_only and not declared.natural_person:
            problems.append(Error(f"{label} 声明了 natural_person_only，却没有声明 natural_person。", obj=label, id="fazhi.E008"))
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedCharField) and f.name not in declared:
                problems.append(Error(f"{label} 的加密字段 {f.name} 未在 personal 中声明为个人信息。",
                                      hint="见 fazhi/core/personal.py。", obj=label, id="fazhi.E008"))
    return problems


def _rows_problems(label, name, rows, fields):
    """What is wrong with the :class:`~fazhi.core.personal.Rows` ``name`` of model ``label``."""
    from . import personal

    relation = fields.get(rows.related)
    if relation is None or not relation.one_to_many:
        return [Error(f"{label} 的个人信息 {name} 所指的下级记录 {rows.related} 不存在。", obj=label, id="fazhi.E008")]
    child = relation.related_model
    problems = []
    if rows.field not in personal.declaration(child).own():
        problems.append(Error(f"{label} 的个人信息 {name} 所取的 {child._meta.label}.{rows.field} 未在其 personal 中声明。",
                              obj=label, id="fazhi.E008"))
    child_fields = {f.name for f in child._meta.concrete_fields}
    for key in set(rows.where) - child_fields:
        problems.append(Error(f"{label} 的个人信息 {name} 的筛选字段 {child._meta.label}.{key} 不存在。", obj=label, id="fazhi.E008"))
    return problems


@register()
def date_orders(app_configs=None, **kwargs):
    """Every date order a model declares (``Model.date_order``, :mod:`fazhi.core.dates`) names two date fields
    of the model (E010)."""
    from django.apps import apps

    from . import dates

    return [Error(problem, hint="见 fazhi/core/dates.py。", obj=model._meta.label, id="fazhi.E010")
            for model in apps.get_models() for problem in dates.problems(model)]


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
