"""普法活动: a throwaway business registry kept outside ``fazhi/`` with only its own files.

It is the proof that docs/adding-a-registry.md lists everything a registry is: installed with
``FAZHI_PLUGINS=tests.plugin_registry`` (nothing in ``fazhi/`` names it), it appears in the navigation, the lists, the
Excel import, the indicators, the dashboard, the annual report and the contract tests
(``fazhi/core/tests/test_plugin_registry.py`` runs its tests, ``tests/test_it.py``, in a process of their own)."""
