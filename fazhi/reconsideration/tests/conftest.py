"""Fixtures of the reconsideration tests: cheap Argon2 for the cast, the real holiday tables of 2024 and 2025,
error workbooks in a temporary MEDIA_ROOT."""

import pytest

from fazhi.core.tests.conftest import _cheap_argon2  # noqa: F401


@pytest.fixture
def holidays(db):
    """The State Council's arrangements of 2024 and 2025 as chinese-calendar records them."""
    from fazhi.core.periods import seed_holidays

    for year in (2024, 2025):
        seed_holidays(year)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
