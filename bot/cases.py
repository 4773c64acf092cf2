"""Guide requests, proposals and cases: the life of a newcomer's wish for a person.

The database is the source of truth: a proposal's deadline is a row, swept by a periodic job, so
a restart loses nothing. Every function that acts for a user checks that the object is theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.guides import NotAllowed, active_case_counts, active_guide, is_coordinator, profiles
from bot.matching import Candidate, GuidePool, RequestProfile
from bot.models import Case, CaseNote, Guide, GuideRequest, Proposal, RelayedMessage, User, utcnow

OUTCOMES = ("course-found", "authority-done", "work-found", "flat-found", "no-longer-needed",
            "moved-away", "no-contact", "other")
MAX_NOTE = 2000
MAX_RELAY = 3000


@dataclass
class Step:
    """What happened, so the caller knows whom to notify."""

    proposal: Proposal | None = None
    waiting: bool = False
    case: Case | None = None


def draft_request(session: Session, user: User) -> GuideRequest:
    """The user's request being filled in, created on first use."""
    req = session.scalar(select(GuideRequest).where(GuideRequest.user_id == user.id,
                                                    GuideRequest.status == "draft"))
    if req is None:
        req = GuideRequest(user_id=user.id, lang=user.lang or "de", status="draft",
                           languages=[user.lang] if user.lang else [], topics=[],
                           urgency=1, accepts_de_en=False, share_consent=False)
        session.add(req)
        session.flush()
    return req


def open_request(session: Session, user_id: int) -> GuideRequest | None:
    return session.scalar(select(GuideRequest).where(
        GuideRequest.user_id == user_id,
        GuideRequest.status.in_(("waiting", "proposed", "matched"))))


def _excluded(session: Session, req: GuideRequest) -> frozenset[int]:
    asked = session.scalars(select(Proposal.guide_id).where(Proposal.request_id == req.id))
    # a guide who declined this newcomer before is never asked again for them
    declined_before = session.scalars(
        select(Proposal.guide_id).join(GuideRequest, Proposal.request_id == GuideRequest.id)
        .where(GuideRequest.user_id == req.user_id, Proposal.status == "declined"))
    return frozenset(asked) | frozenset(declined_before)


def propose_next(session: Session, req: GuideRequest, deadline_hours: float,
                 now: dt.datetime | None = None) -> Step:
    """Offer the request to the best guide not yet asked; none left: the waiting list."""
    now = now or utcnow()
    profile = RequestProfile(
        newcomer_id=req.user_id, languages=tuple(req.languages or [req.lang]),
        district=req.district, topics=frozenset(req.topics or ()),
        accepts_de_en=req.accepts_de_en, urgency=req.urgency,
        excluded=_excluded(session, req))
    ranked = GuidePool(profiles(session)).rank(profile, now.date(), limit=1)
    if not ranked:
        req.status = "waiting"
        session.flush()
        return Step(waiting=True)
    best = ranked[0]
    prop = Proposal(request_id=req.id, guide_id=best.guide.user_id, status="pending",
                    score=round(best.score), reason=best.reason, reason_parts=best.parts,
                    created_at=now,
                    deadline=now + dt.timedelta(hours=deadline_hours))
    session.add(prop)
    guide = session.get(Guide, best.guide.user_id)
    if guide is not None:
        guide.last_proposed_at = now
    req.status = "proposed"
    session.flush()
    return Step(proposal=prop)


def submit_request(session: Session, req: GuideRequest, deadline_hours: float) -> Step:
    if req.status != "draft":
        raise NotAllowed("request already submitted")
    if not req.share_consent:
        raise NotAllowed("consent to share is needed")
    req.created_at = utcnow()
    return propose_next(session, req, deadline_hours)


def _own_pending_proposal(session: Session, proposal_id: int, guide_id: int) -> Proposal:
    prop = session.get(Proposal, proposal_id, with_for_update=True)
    if prop is None or prop.guide_id != guide_id or prop.status != "pending":
        raise NotAllowed("not your open proposal")
    if active_guide(session, guide_id) is None:
        raise NotAllowed("not an active guide")
    return prop


def accept(session: Session, proposal_id: int, guide_id: int,
           now: dt.datetime | None = None) -> Case:
    now = now or utcnow()
    prop = _own_pending_proposal(session, proposal_id, guide_id)
    if prop.deadline <= now:
        raise NotAllowed("proposal expired")
    guide = session.get(Guide, guide_id)
    open_cases = active_case_counts(session, with_pending=False).get(guide_id, 0)
    if guide is None or open_cases >= guide.max_cases:
        raise NotAllowed("no free capacity")
    req = session.get(GuideRequest, prop.request_id)
    prop.status, prop.answered_at = "accepted", now
    req.status = "matched"
    case = Case(request_id=req.id, guide_id=guide_id, newcomer_id=req.user_id,
                status="active", topics=list(req.topics or []), created_at=now,
                last_activity=now)
    session.add(case)
    session.flush()
    return case


def decline(session: Session, proposal_id: int, guide_id: int, deadline_hours: float,
            now: dt.datetime | None = None) -> tuple[GuideRequest, Step]:
    now = now or utcnow()
    prop = _own_pending_proposal(session, proposal_id, guide_id)
    prop.status, prop.answered_at = "declined", now
    req = session.get(GuideRequest, prop.request_id)
    return req, propose_next(session, req, deadline_hours, now)


def expire_due(session: Session, deadline_hours: float, now: dt.datetime | None = None
               ) -> list[tuple[Proposal, GuideRequest, Step]]:
    """Pass every proposal whose deadline has passed on to the next guide."""
    now = now or utcnow()
    out = []
    due = session.scalars(select(Proposal).where(Proposal.status == "pending",
                                                 Proposal.deadline <= now)
                          .order_by(Proposal.deadline)).all()
    for prop in due:
        prop.status, prop.answered_at = "expired", now
        req = session.get(GuideRequest, prop.request_id)
        out.append((prop, req, propose_next(session, req, deadline_hours, now)))
    return out


def waiting_list(session: Session, coordinator: User) -> list[GuideRequest]:
    if not is_coordinator(coordinator):
        raise NotAllowed("coordinator only")
    return list(session.scalars(select(GuideRequest).where(GuideRequest.status == "waiting")
                                .order_by(GuideRequest.created_at)))


def proposals_of(session: Session, coordinator: User, request_id: int) -> list[Proposal]:
    if not is_coordinator(coordinator):
        raise NotAllowed("coordinator only")
    return list(session.scalars(select(Proposal).where(Proposal.request_id == request_id)
                                .order_by(Proposal.created_at)))


def candidates(session: Session, coordinator: User, request_id: int, limit: int = 8,
               now: dt.datetime | None = None) -> list[tuple[Guide, Candidate]]:
    """Guides a coordinator may hand a waiting request to, best first, with why. Guides who
    were asked before are offered again (a coordinator may know that things changed), except
    those who declined this person."""
    if not is_coordinator(coordinator):
        raise NotAllowed("coordinator only")
    req = session.get(GuideRequest, request_id)
    if req is None or req.status != "waiting":
        raise NotAllowed("not waiting")
    declined = frozenset(session.scalars(
        select(Proposal.guide_id).join(GuideRequest, Proposal.request_id == GuideRequest.id)
        .where(GuideRequest.user_id == req.user_id, Proposal.status == "declined")))
    profile = RequestProfile(
        newcomer_id=req.user_id, languages=tuple(req.languages or [req.lang]),
        district=req.district, topics=frozenset(req.topics or ()),
        accepts_de_en=req.accepts_de_en, urgency=req.urgency, excluded=declined)
    today = (now or utcnow()).date()
    out = []
    for cand in GuidePool(profiles(session)).rank(profile, today, limit=limit):
        guide = session.get(Guide, cand.guide.user_id)
        if guide is not None:
            out.append((guide, cand))
    return out


def assign(session: Session, coordinator: User, request_id: int, guide_id: int,
           deadline_hours: float, now: dt.datetime | None = None) -> Proposal:
    """A coordinator's choice for a waiting request: an ordinary proposal, so the guide still
    accepts or declines, and a decline goes on to the matching as usual."""
    now = now or utcnow()
    chosen = {g.user_id: cand for g, cand in candidates(session, coordinator, request_id,
                                                        limit=1000, now=now)}
    if guide_id not in chosen:
        raise NotAllowed("guide not eligible")
    req = session.get(GuideRequest, request_id, with_for_update=True)
    assert req is not None
    prop = Proposal(request_id=req.id, guide_id=guide_id, status="pending", score=0,
                    reason=f"chosen by a coordinator; {chosen[guide_id].reason}",
                    reason_parts=[["coordinator"], *chosen[guide_id].parts], created_at=now,
                    deadline=now + dt.timedelta(hours=deadline_hours))
    session.add(prop)
    req.status = "proposed"
    guide = session.get(Guide, guide_id)
    if guide is not None:
        guide.last_proposed_at = now
    session.flush()
    return prop


# -- cases ------------------------------------------------------------------------------------
def case_for(session: Session, case_id: int, user: User) -> Case:
    """The case if this user is its guide (an active one), its newcomer, or a coordinator."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotAllowed("no such case")
    if is_coordinator(user):
        return case
    if case.guide_id == user.id and active_guide(session, user.id) is not None:
        return case
    if case.newcomer_id == user.id:
        return case
    raise NotAllowed("not your case")


def guide_cases(session: Session, guide_id: int) -> list[Case]:
    if active_guide(session, guide_id) is None:
        raise NotAllowed("not an active guide")
    return list(session.scalars(select(Case).where(Case.guide_id == guide_id)
                                .order_by(Case.status, Case.last_activity.desc())))


def newcomer_case(session: Session, user_id: int) -> Case | None:
    return session.scalar(select(Case).where(Case.newcomer_id == user_id,
                                             Case.status.in_(("active", "paused")))
                          .order_by(Case.created_at.desc()))


def add_note(session: Session, case_id: int, guide: User, text: str) -> CaseNote:
    case = case_for(session, case_id, guide)
    if case.guide_id != guide.id:
        raise NotAllowed("only the case's guide writes notes")
    note = CaseNote(case_id=case.id, author_id=guide.id, text=text[:MAX_NOTE])
    session.add(note)
    case.last_activity = utcnow()
    session.flush()
    return note


def notes(session: Session, case_id: int, user: User) -> list[CaseNote]:
    case = case_for(session, case_id, user)
    if case.newcomer_id == user.id and not is_coordinator(user):
        raise NotAllowed("notes are private to the guide")
    return list(session.scalars(select(CaseNote).where(CaseNote.case_id == case.id)
                                .order_by(CaseNote.created_at)))


def relay(session: Session, case_id: int, sender: User, text: str) -> tuple[Case, int]:
    """Record a message and return the case and the recipient's id."""
    case = case_for(session, case_id, sender)
    if case.status == "closed":
        raise NotAllowed("case closed")
    if case.guide_id is not None and active_guide(session, case.guide_id) is None:
        raise NotAllowed("the guide is no longer active")
    if sender.id == case.guide_id:
        to = case.newcomer_id
    elif sender.id == case.newcomer_id:
        to = case.guide_id
    else:
        raise NotAllowed("only guide and newcomer talk in a case")
    if to is None:
        raise NotAllowed("the other side left")
    session.add(RelayedMessage(case_id=case.id, sender_id=sender.id, text=text[:MAX_RELAY]))
    case.last_activity = utcnow()
    session.flush()
    return case, to


def share_contact(session: Session, case_id: int, user: User) -> tuple[Case, bool]:
    """Mark this side's consent to share contacts; True when both sides have agreed."""
    case = case_for(session, case_id, user)
    if user.id == case.guide_id:
        case.guide_shares_contact = True
    elif user.id == case.newcomer_id:
        case.newcomer_shares_contact = True
    else:
        raise NotAllowed("not a party of the case")
    session.flush()
    return case, case.guide_shares_contact and case.newcomer_shares_contact


def set_paused(session: Session, case_id: int, guide: User, paused: bool) -> Case:
    case = case_for(session, case_id, guide)
    if case.guide_id != guide.id or case.status == "closed":
        raise NotAllowed("only the guide pauses an open case")
    case.status = "paused" if paused else "active"
    session.flush()
    return case


def close(session: Session, case_id: int, user: User, outcome: str) -> Case:
    case = case_for(session, case_id, user)
    if outcome not in OUTCOMES and outcome != "reassigned":
        raise NotAllowed("unknown outcome")
    if case.guide_id != user.id and not is_coordinator(user) and outcome != "reassigned":
        raise NotAllowed("only the guide closes a case")
    if case.status == "closed":
        raise NotAllowed("already closed")
    case.status, case.outcome, case.closed_at = "closed", outcome, utcnow()
    session.flush()
    return case


def ask_another_guide(session: Session, case_id: int, newcomer: User,
                      deadline_hours: float) -> tuple[Case, Step]:
    """The newcomer wants someone else: close the case and ask the next guide."""
    case = case_for(session, case_id, newcomer)
    if case.newcomer_id != newcomer.id:
        raise NotAllowed("only the newcomer asks for another guide")
    close(session, case_id, newcomer, "reassigned")
    req = session.get(GuideRequest, case.request_id) if case.request_id else None
    if req is None:
        return case, Step(waiting=True)
    # the current guide is excluded because a proposal to them exists for this request
    return case, propose_next(session, req, deadline_hours)
