"""The registry's own tests run only where it is installed (``FAZHI_PLUGINS=tests.plugin_registry``, as
``fazhi/core/tests/test_plugin_registry.py`` runs them); the normal suite does not collect this folder, whose
models would belong to no installed app."""

from django.conf import settings

if "tests.plugin_registry" not in settings.INSTALLED_APPS:
    collect_ignore_glob = ["*"]
