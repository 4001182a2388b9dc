"""Cheap Argon2 parameters for building the cast (the fixture lives in core's test conftest)."""

from fazhi.core.tests.conftest import _cheap_argon2  # noqa: F401
