"""System checks of the report declarations (``fazhi check``, and every ``runserver``/``migrate``): what a registry's
report.py names exists (``builder/declarations.py``)."""

from django.core.checks import Error, register


@register()
def report_declarations(app_configs=None, **kwargs):
    """Every indicator, record check, theme and field a registry's report.py names exists (fazhi.E007)."""
    from django.core.exceptions import FieldDoesNotExist

    from fazhi.core import registry
    from fazhi.indicators import definitions

    from .builder import FailedCheck
    from .choices import PART_ONE_SECTIONS

    problems = []
    for reg in registry.registrations():
        report = reg.module("report")
        if report is None:
            continue

        def error(message, reg=reg):
            problems.append(Error(f"“{reg.name}”的报告声明（report.py）{message}", hint="见 docs/reports.md。", obj=reg.label,
                                  id="fazhi.E007"))

        keys = [key for group in getattr(report, "KEYS", []) for key in group.keys]
        for rule in getattr(report, "SUGGESTIONS", []):
            if isinstance(rule, FailedCheck):
                if rule.rule not in definitions.CHECKS:
                    error(f"引用了未登记的记录核查 {rule.rule}。")
            else:
                keys += [rule.key, *rule.refs.values()]
        for key in dict.fromkeys(keys):
            if key not in definitions.REGISTRY:
                error(f"引用了未登记的指标 {key}。")
        for sentence in getattr(report, "PARAGRAPHS", []):
            if sentence.section not in PART_ONE_SECTIONS:
                error(f"把段落 {sentence.code} 归入了专题 {sentence.section}，它不是第一部分的专题。")
        for items in getattr(report, "ITEMS", []):
            for name in (items.date_field, items.section_field, items.title_field, items.text_field, items.highlight_field):
                try:
                    items.model._meta.get_field(name)
                except FieldDoesNotExist:
                    error(f"列入报告的 {items.model._meta.label} 没有字段 {name}。")
    return problems
