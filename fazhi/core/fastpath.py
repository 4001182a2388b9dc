"""The switch of the ORM workarounds.

Three places go around the plain Django ORM for speed, each behind one module with a plain-ORM fallback that
gives the same rows and the same numbers (docs/architecture.md, "ORM workarounds and their fallbacks"):

* :mod:`fazhi.indicators.plans` — the indicator engine's aggregate and breakdown queries compiled to SQL once
  per shape (from ``Query`` internals) and re-run with each period's and org's parameters; fallback: the
  queryset's own ``aggregate()`` / iteration;
* :mod:`fazhi.core.bulk` — an import's new rows and their field history written by multi-row ``INSERT``
  statements built by hand; fallback: ``bulk_create`` and simple-history's ``bulk_history_create``;
* a registry resource's bulk ``save_rows``, which does by hand what the model's ``save()`` does; fallback:
  :meth:`fazhi.core.excel.Resource.save_rows`, every row through its form's and its model's ``save()``.

The fast paths are the default; ``FAZHI_PLAIN_ORM=1`` (or ``settings.FAZHI_PLAIN_ORM = True`` in a test) runs
the fallbacks. Each workaround has a test that computes the same thing both ways and compares (listed in
docs/architecture.md): after a Django upgrade, the one that fails names the workaround that broke, and the
setting keeps the platform right on the fallback until it is mended.
"""

from django.conf import settings


def plain_orm():
    """Whether the ORM workarounds give way to their plain-ORM fallbacks (read on every call, so that a test
    can flip it)."""
    return getattr(settings, "FAZHI_PLAIN_ORM", False)
