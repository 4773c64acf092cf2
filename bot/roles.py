"""Who may do what: coordinators promote and demote each other and remove guides.

Coordinators listed in COORDINATOR_IDS are the anchor of trust: they cannot be demoted in the bot
(they would be coordinators again at their next message), and nobody demotes themselves, so the
programme can never lock itself out.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit
from bot.guides import NotAllowed, remove_guide, require_coordinator
from bot.models import Case, Guide, User


class RoleRefused(NotAllowed):
    """The change is not possible for this person; `reason` says why (a message key)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def coordinators(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.role == "coordinator")
                                .order_by(User.id)))


def promote(session: Session, actor: User, user_id: int) -> User:
    require_coordinator(actor)
    user = session.get(User, user_id)
    if user is None:
        raise RoleRefused("unknown-user")  # they must have written to the bot once
    if user.role == "coordinator":
        raise RoleRefused("already")
    before = user.role
    user.role = "coordinator"
    audit.record(session, actor, "promote", user_id, before=before)
    session.flush()
    return user


def demote(session: Session, actor: User, user_id: int, configured: Collection[int]) -> User:
    require_coordinator(actor)
    if user_id == actor.id:
        raise RoleRefused("self")
    if user_id in configured:
        raise RoleRefused("configured")
    user = session.get(User, user_id)
    if user is None or user.role != "coordinator":
        raise RoleRefused("not-coordinator")
    guide = session.get(Guide, user_id)
    user.role = "guide" if guide is not None and guide.status == "active" else "newcomer"
    audit.record(session, actor, "demote", user_id, after=user.role)
    session.flush()
    return user


def remove(session: Session, actor: User, guide_id: int) -> list[int]:
    """End a guide's access; their cases close as reassigned. Returns the newcomers of those
    cases, who must be told and can ask for another guide."""
    require_coordinator(actor)
    guide = session.get(Guide, guide_id)
    if guide is None or guide.status == "removed":
        raise RoleRefused("not-guide")
    newcomers = [n for n in session.scalars(select(Case.newcomer_id).where(
        Case.guide_id == guide_id, Case.status.in_(("active", "paused")))) if n is not None]
    remove_guide(session, actor, guide_id)
    audit.record(session, actor, "remove-guide", guide_id, cases=len(newcomers))
    session.flush()
    return newcomers
