"""Writing audit events: one function, called from views, services, signals and commands."""

import logging

from .choices import AuditAction

log = logging.getLogger("fazhi.audit")


def record(request, action, *, obj=None, username=None, message="", detail=None, user=None, org=None):
    """Append one audit event. ``request`` may be None (commands); then pass ``user``."""
    from .models import AuditEvent

    actor = user
    ip = None
    if request is not None:
        from .auth import client_ip

        ip = client_ip(request)
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
    if org is None and actor is not None:
        org = getattr(actor, "active_org", None)
    event = AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.pk) else None,
        username=username or (actor.username if actor is not None else ""),
        ip=ip,
        org=org,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        message=message,
        detail=detail or {},
    )
    log.info("audit %s %s %s", event.username, action, message)
    return event


__all__ = ["AuditAction", "record"]
