"""Fixtures of the legality tests: the real holiday tables of 2023–2025."""

import pytest


@pytest.fixture
def holidays(db):
    """The State Council's arrangements of 2023, 2024 and 2025 as chinese-calendar records them."""
    from fazhi.core.periods import seed_holidays

    for year in (2023, 2024, 2025):
        seed_holidays(year)
