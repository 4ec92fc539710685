"""Who changed a record and why: the one way services label a change for django-simple-history.

Call `audit(obj, by=user, reason="Deactivated: ...")` before `obj.save()`; the history row records the
user and the reason (a text column: a reason of any length fits, see settings).
"""

from __future__ import annotations


def audit(obj, *, by, reason: str = ""):
    """Label the next save of `obj` in its history. Returns `obj`, so a service can write
    `audit(record, by=user, reason="...").save()`."""
    obj._history_user = by if by is not None and getattr(by, "is_authenticated", False) else None
    obj._change_reason = reason or None
    return obj
