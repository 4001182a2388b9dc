"""Project-wide pytest fixtures: a fresh calendar cache per test, and the fixed cast of users."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Test transactions roll back without signals, so the in-process calendar cache is cleared by hand."""
    from fazhi.core.periods import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()
