"""Fixtures of core's tests: cheap Argon2 parameters, so that building the cast and logging in through
the real login page stay fast. The hasher is still Argon2 (hashes start with ``argon2``); only its time
and memory cost are lowered, and the parameters are stored in each hash, so verification is unchanged."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch):
    monkeypatch.setattr(Argon2PasswordHasher, "time_cost", 1)
    monkeypatch.setattr(Argon2PasswordHasher, "memory_cost", 64)
    monkeypatch.setattr(Argon2PasswordHasher, "parallelism", 1)
