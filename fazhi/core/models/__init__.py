"""Models of core, one module per concern."""

from .audit import AuditEvent
from .calendar import Holiday, Period
from .orgs import Org
from .registry import RegistryModel, RegistryQuerySet, scope_q_for
from .rules import LocalRule
from .users import Lockout, LoginAttempt, Membership, Role, User

__all__ = [
    "AuditEvent",
    "Holiday",
    "LocalRule",
    "Lockout",
    "LoginAttempt",
    "Membership",
    "Org",
    "Period",
    "RegistryModel",
    "RegistryQuerySet",
    "Role",
    "User",
    "scope_q_for",
]
