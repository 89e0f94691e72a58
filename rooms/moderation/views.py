"""Moderation as each viewer sees it: a removed card names nobody; its author learns it was theirs."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.moderation import events as e
from rooms.rules import Rules
from rooms.viewer import Viewer

rules = Rules("moderation.views")


@dataclass(frozen=True, slots=True, kw_only=True)
class CardRemovedView:
    """CardRemoved without its author: `mine` tells the author, `dots_back` each voter their refund."""

    at: float
    card_id: str
    by: str
    reason: str
    mine: bool
    dots_back: int


@rules.event_view(e.CardRemoved)
def _card_removed(ev: e.CardRemoved, viewer: Viewer) -> CardRemovedView:
    return CardRemovedView(
        at=ev.at,
        card_id=ev.card_id,
        by=ev.by,
        reason=ev.reason,
        mine=ev.author == viewer.member_id,
        dots_back=ev.refunds.get(viewer.member_id, 0),
    )
