"""The registry of business registries: what each business line declares, and the one place the centre reads it.

In the spirit of NetBox's ``netbox/registry.py``: every business registry is a Django app whose ``AppConfig``
subclasses :class:`RegistryConfig`. In ``ready()`` it adds a :class:`Registration` to :data:`registry`, read
from the app's own files; core, the indicators, the reports, the URL configuration and the benchmark generator
iterate :func:`registrations` and name no registry. Adding a business line is therefore its folder and one line
in ``INSTALLED_APPS``, or, for a registry kept outside ``fazhi/``, in the ``FAZHI_PLUGINS`` environment variable
(docs/adding-a-registry.md; ``tests/plugin_registry/`` is one).

What a registry declares, and where (every module is the app's own; ``—`` means optional; E00n are the system
checks of :mod:`fazhi.core.checks` and :mod:`fazhi.reports.checks` that say what is missing or wrong):

======================  ===========================  ========================================================"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Nav:
    """One line of the left navigation: ``section`` (core.context_processors.SECTIONS), the label, and the model
    whose list it opens (its ``view`` permission decides who sees the line)."""

    section: str
    label: str
    model: str


@dataclass
class Registration:
    """One business registry as the centre sees it."""

    label: str
    name: str
    config: AppConfig
    url_prefix: str
    nav: list = field(default_factory=list)
    periods: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    todos: object = None

    def module(self, name):
        """The app's module ``name`` (``"dashboard"``, ``"report"``, ``"tests.factories"`` …), or None."""
        package = self.config.module
        head = name.split(".")[0]
        if not module_has_submodule(package, head):
            return None
        return import_module(f"{self.config.name}.{name}")

    def has_module(self, name):
        """Whether the app has module ``name`` (dotted: ``"tests.factories"``), without importing it (the test
        factories need the test dependencies, which a deployment does not install)."""
        package = self.config.module
        parts = name.split(".")
        for i, part in enumerate(parts):
            if not module_has_submodule(package, part):
                return False
            if i < len(parts) - 1:
                package = import_module(f"{package.__name__}.{part}")
        return True

    def declared(self, module, name, default=None):
        """``module.name`` of the app (``declared("dashboard", "DASHBOARD")``), or ``default`` when absent."""
        mod = self.module(module)
        return getattr(mod, name, default) if mod is not None else default

    @property
    def models(self):
        """The app's registry models (subclasses of RegistryModel), in definition order."""
        from .models.registry import RegistryModel

        return [m for m in self.config.get_models() if issubclass(m, RegistryModel)]

    def nav_entries(self):
        """``(section, label, url name, permission)`` of each navigation line."""
        return [(n.section, n.label, f"{self.label}:{n.model}_list", f"{self.label}.view_{n.model}") for n in self.nav]


#: label → Registration, in INSTALLED_APPS order (filled by RegistryConfig.ready()).
registry: dict = {}


def registrations():
    """Every registered business registry, in INSTALLED_APPS order."""
    return list(registry.values())


def get(label):
    return registry[label]


def register(config):
    """Add ``config``'s registry (idempotent; called from RegistryConfig.ready())."""
    from . import rules, todos
    from .context_processors import register_nav

    reg = Registration(
        label=config.label,
        name=str(config.verbose_name),
        config=config,
        url_prefix=getattr(config, "url_prefix", None) or f"{config.label}/",
        nav=list(getattr(config, "nav", ())),
    )
    reg.periods = list(reg.declared("periods", "PERIODS", []))
    reg.rules = list(reg.declared("rules", "RULES", []))
    reg.todos = reg.declared("services", "todos")
    registry[reg.label] = reg
    for rule in reg.rules:
        rules.register(rule)
    if reg.todos is not None:
        todos.register(reg.todos)
    for entry in reg.nav_entries():
        register_nav(*entry)
    return reg


def periods():
    """Every statutory period a registry declares, in registry order."""
    return [p for reg in registrations() for p in reg.periods]


def urlpatterns():
    """One ``include`` per registry, at its prefix (fazhi/urls.py)."""
    from django.urls import include, path

    return [path(reg.url_prefix, include(f"{reg.config.name}.urls")) for reg in registrations()]


def registry_models():
    """Every registry model of every installed app (registered or not: the roles grant them all)."""
    from .models.registry import RegistryModel

    return [m for m in apps.get_models() if issubclass(m, RegistryModel)]


class RegistryConfig(AppConfig):
    """The AppConfig of a business registry. Set ``name``, ``label``, ``verbose_name`` (the Chinese name) and
    ``nav``; ``url_prefix`` defaults to ``<label>/``. A subclass that overrides ``ready()`` calls ``super()``.

    Subclass it as ``registry.RegistryConfig`` (``from fazhi.core import registry``): Django takes the one
    AppConfig class an ``apps.py`` holds, and an imported ``RegistryConfig`` beside the app's own would be two."""

    nav: tuple = ()
    url_prefix: str = ""

    def ready(self):
        register(self)
