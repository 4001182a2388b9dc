from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, periods, signals  # noqa: F401

        periods.connect_signals()
        post_migrate.connect(_seed_periods, sender=self, dispatch_uid="fazhi.core.seed_periods")
        post_migrate.connect(_grant_registry_permissions, dispatch_uid="fazhi.core.grant_registry_permissions")


def _seed_periods(sender, using="default", **kwargs):
    """After ``migrate``: every statutory period a registry declares that the Period table lacks (a registry added
    later gets its periods without a migration of core's)."""
    from .periods import seed_periods

    if using == "default":
        seed_periods()


def _grant_registry_permissions(sender, using="default", verbosity=1, **kwargs):
    """After ``migrate`` of a platform already set up (its standard roles exist): the standard roles hold the
    permissions of every registry model again (``roles.ensure_roles``), so that a registry added later (a new app in
    ``INSTALLED_APPS`` or ``FAZHI_PLUGINS``) is usable without a step by hand. Django sends ``post_migrate`` once per
    app; this acts at the last one's, once every app's permissions exist. A fresh database (no roles yet) is left to
    ``fazhi initadmins`` and ``fazhi demo``, which create the roles."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    if using != "default" or not with_models or sender is not with_models[-1]:
        return
    from . import registry
    from .models import Role
    from .roles import STANDARD_ROLES, ensure_roles

    if not Role.objects.filter(code__in=STANDARD_ROLES).exists():
        return
    for reg in registry.registrations():  # Django's own handler may not have reached every app yet
        create_permissions(reg.config, verbosity=0, using=using)
    ensure_roles()
