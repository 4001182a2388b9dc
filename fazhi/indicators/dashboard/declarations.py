"""The registries' dashboard declarations (each registry's ``dashboard.py``, :mod:`fazhi.indicators.panels`),
collected in INSTALLED_APPS order."""

from fazhi.core import registry


def panels():
    """``(registration, Panels)`` of every registry that declares a dashboard, in INSTALLED_APPS order."""
    out = []
    for reg in registry.registrations():
        declared = reg.declared("dashboard", "DASHBOARD")
        if declared is not None:
            out.append((reg, declared))
    return out


def tile_groups():
    """``(registry name, tile keys)`` of every registry that declares tiles."""
    return [(reg.name, list(p.tiles)) for reg, p in panels() if p.tiles]


def every(kind):
    """Every declaration of ``kind`` (``"intake"``, ``"outcomes"``, ``"trend"``, ``"shares"``, ``"rankings"``)
    over the registries, in registry order and then in the order each declares them."""
    return [item for _, p in panels() for item in getattr(p, kind)]


def keys():
    """The keys the dashboard evaluates for the period: tiles, outcomes and shares (``bench/dashboard.py`` times
    the engine on them alone)."""
    tiles = [k for _, group in tile_groups() for k in group]
    outcomes = [k for chart in every("outcomes") for k in [chart.total] + [p.key for p in chart.parts]]
    return list(dict.fromkeys(tiles + outcomes + [s.key for s in every("shares")]))
