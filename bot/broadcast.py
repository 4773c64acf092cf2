"""Messages from the coordination to guides: who gets one, and what became of each delivery."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.districts import DISTRICTS
from bot.guides import require_coordinator
from bot.models import Guide, User

MAX_TEXT = 3500


@dataclass
class Report:
    sent: int = 0
    blocked: int = 0
    failed: int = 0


def recipients(session: Session, coordinator: User, audience: str) -> list[User]:
    """Active guides for an audience: "all", "l-<language>" (speaks it) or "d-<district index>"
    (works there). Guides marked inactive (they blocked the bot once) are tried again: a
    broadcast is rare, and the delivery report then counts them as blocked."""
    require_coordinator(coordinator)
    rows = session.execute(select(Guide, User).join(User, User.id == Guide.user_id)
                           .where(Guide.status == "active")).all()
    out = []
    for guide, user in rows:
        if audience.startswith("l-") and audience[2:] not in (guide.languages or {}):
            continue
        if audience.startswith("d-"):
            idx = int(audience[2:])
            if idx >= len(DISTRICTS) or DISTRICTS[idx] not in (guide.districts or []):
                continue
        out.append(user)
    return sorted(out, key=lambda u: u.id)
