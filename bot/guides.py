"""Guides: invitations, applications, profiles and pauses. Plain functions over a session."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.matching import GuideProfile
from bot.models import Case, Guide, Invite, Proposal, User, utcnow

INVITE_DAYS = 7


class NotAllowed(Exception):
    """The acting user may not do this (wrong role, not the owner, expired or used link)."""


def is_coordinator(user: User | None) -> bool:
    return bool(user and user.role == "coordinator")


def require_coordinator(user: User | None) -> None:
    if not is_coordinator(user):
        raise NotAllowed("coordinator only")


def active_guide(session: Session, user_id: int) -> Guide | None:
    """The guide profile of an active (not pending, not removed) guide, else None."""
    g = session.get(Guide, user_id)
    return g if g is not None and g.status == "active" else None


def create_invite(session: Session, coordinator: User, days: int = INVITE_DAYS) -> Invite:
    require_coordinator(coordinator)
    inv = Invite(token=secrets.token_urlsafe(12), created_by=coordinator.id,
                 expires_at=utcnow() + dt.timedelta(days=days))
    session.add(inv)
    session.flush()
    return inv


def redeem_invite(session: Session, token: str, user: User,
                  now: dt.datetime | None = None) -> Guide:
    """Turn the user into an active guide; a used or expired link does nothing."""
    now = now or utcnow()
    inv = session.get(Invite, token, with_for_update=True)
    if inv is None or inv.used_by is not None or inv.expires_at <= now:
        raise NotAllowed("invite not valid")
    inv.used_by, inv.used_at = user.id, now
    guide = session.get(Guide, user.id)
    if guide is None:
        guide = Guide(user_id=user.id, languages={}, districts=[], topics=[], availability=[],
                      max_cases=2)
        session.add(guide)
    guide.status = "active"
    if user.role != "coordinator":
        user.role = "guide"
    session.flush()
    return guide


def apply(session: Session, user: User) -> Guide:
    """A person asks to become a guide; a coordinator approves or rejects."""
    guide = session.get(Guide, user.id)
    if guide is not None and guide.status == "active":
        return guide
    if guide is None:
        guide = Guide(user_id=user.id, languages={}, districts=[], topics=[], availability=[],
                      max_cases=2, status="pending")
        session.add(guide)
    else:
        guide.status = "pending"
    session.flush()
    return guide


def pending_applications(session: Session, coordinator: User) -> list[Guide]:
    require_coordinator(coordinator)
    return list(session.scalars(select(Guide).where(Guide.status == "pending")
                                .order_by(Guide.created_at)))


def decide_application(session: Session, coordinator: User, guide_id: int,
                       approve: bool) -> Guide:
    require_coordinator(coordinator)
    guide = session.get(Guide, guide_id)
    if guide is None or guide.status != "pending":
        raise NotAllowed("no such application")
    guide.status = "active" if approve else "removed"
    user = session.get(User, guide_id)
    if approve and user is not None and user.role == "newcomer":
        user.role = "guide"
    session.flush()
    return guide


def remove_guide(session: Session, coordinator: User, guide_id: int) -> None:
    """Access ends at once: every handler checks the guide's status on each update."""
    require_coordinator(coordinator)
    guide = session.get(Guide, guide_id)
    if guide is None:
        raise NotAllowed("no such guide")
    guide.status = "removed"
    user = session.get(User, guide_id)
    if user is not None and user.role == "guide":
        user.role = "newcomer"
    # their open proposals lapse at once and their cases end, so nothing more reaches them
    now = utcnow()
    for prop in session.scalars(select(Proposal).where(Proposal.guide_id == guide_id,
                                                       Proposal.status == "pending")):
        prop.status, prop.answered_at = "expired", now
    for case in session.scalars(select(Case).where(Case.guide_id == guide_id,
                                                   Case.status.in_(("active", "paused")))):
        case.status, case.outcome, case.closed_at = "closed", "reassigned", now
    session.flush()


def pause(guide: Guide, until: dt.date | None) -> None:
    guide.paused_until = until


def is_paused(guide: Guide, today: dt.date) -> bool:
    return guide.paused_until is not None and guide.paused_until >= today


def active_case_counts(session: Session, *, with_pending: bool = True) -> dict[int, int]:
    """Open cases per guide; open proposals count too, so one guide is never offered more
    people than they can take."""
    counts: dict[int, int] = {}
    rows = session.execute(select(Case.guide_id, func.count()).where(
        Case.status.in_(("active", "paused"))).group_by(Case.guide_id))
    for gid, n in rows:
        if gid is not None:
            counts[gid] = n
    if with_pending:
        rows = session.execute(select(Proposal.guide_id, func.count()).where(
            Proposal.status == "pending").group_by(Proposal.guide_id))
        for gid, n in rows:
            counts[gid] = counts.get(gid, 0) + n
    return counts


def profiles(session: Session) -> list[GuideProfile]:
    counts = active_case_counts(session)
    out = []
    for g in session.scalars(select(Guide).where(Guide.status == "active")):
        out.append(GuideProfile(
            user_id=g.user_id,
            languages={k: int(v) for k, v in (g.languages or {}).items()},
            districts=frozenset(g.districts or ()),
            topics=frozenset(g.topics or ()),
            availability=frozenset(g.availability or ()),
            max_cases=g.max_cases,
            active_cases=counts.get(g.user_id, 0),
            paused_until=g.paused_until,
            active=True,
            last_proposed_at=g.last_proposed_at,
        ))
    return out
