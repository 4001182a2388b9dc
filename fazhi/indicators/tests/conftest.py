"""Fixtures of the indicator tests: cheap Argon2 for the cast, error workbooks in a temporary MEDIA_ROOT."""

import pytest

from fazhi.core.tests.conftest import _cheap_argon2  # noqa: F401


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
