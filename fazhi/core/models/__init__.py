"""Models of core, one module per concern."""

from .audit import AuditEvent
from .calendar import Holiday, Period
from .numbering import NumberSequence
from .orgs import Org, subtree_q
from .registry import ChildQuerySet, DeadlineMixin, RegistryModel, RegistryQuerySet, Side, scope_q
from .rules import LocalRule
from .submissions import FormSubmission
from .users import Lockout, LoginAttempt, Membership, PasswordHistory, Role, User, UserSession
from .workflow import AbstractClockStop, TransitionLog

__all__ = [
    "AbstractClockStop",
    "AuditEvent",
    "DeadlineMixin",
    "FormSubmission",
    "Holiday",
    "LocalRule",
    "Lockout",
    "LoginAttempt",
    "Membership",
    "NumberSequence",
    "Org",
    "PasswordHistory",
    "Period",
    "RegistryModel",
    "RegistryQuerySet",
    "Role",
    "TransitionLog",
    "User",
    "UserSession",
    "scope_q",
    "Side",
    "ChildQuerySet",
    "subtree_q",
]
