"""What the business registries declare for the annual report, each in its own ``report.py`` (optional), read
in INSTALLED_APPS order (``core.registry``). The builder names no registry: it reads these lists.

==================  ======================================  ==================================================
name                holds                                   read by
==================  ======================================  ==================================================
``KEYS``            :class:`~.scope.Keys`: the indicators   :meth:`.scope.ReportScope.keys` (what a report
                    a report of some roles writes about     evaluates, and the picker's 常用 entries)
``PARAGRAPHS``      :class:`~.paragraphs.Sentence`: the     :func:`.paragraphs.build_blocks`, after the items
                    indicator paragraphs of part one        of their theme
``ITEMS``           :class:`~.paragraphs.Items`: records     :func:`.paragraphs.build_blocks` (parts one,
                    written into the report as they are     three and five)
``SUGGESTIONS``     :class:`~.suggestions.RisingRate`,      :func:`.suggestions.suggestions` (parts two and
                    ``RisingCount``, ``FullRate``,          four)
                    ``FailedCheck``
==================  ======================================  ==================================================

Order: a theme's paragraphs, a theme's items and the suggestions of one kind come in registry order
(INSTALLED_APPS), each registry's in the order of its list. The system check ``fazhi.E007``
(``reports/checks.py``) says when a declaration names an indicator, a check, a theme or a field that does not
exist."""

from fazhi.core import registry

#: The names a registry's report.py may declare.
NAMES = ("KEYS", "PARAGRAPHS", "ITEMS", "SUGGESTIONS")


def declared(name):
    """Every registry's ``report.name`` (one of :data:`NAMES`), concatenated in INSTALLED_APPS order."""
    return [x for reg in registry.registrations() for x in reg.declared("report", name, [])]
