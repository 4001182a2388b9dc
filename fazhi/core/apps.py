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


def _seed_periods(sender, using="default", **kwargs):
    """After ``migrate``: every statutory period a registry declares that the Period table lacks (a registry added
    later gets its periods without a migration of core's)."""
    from .periods import seed_periods

    if using == "default":
        seed_periods()
