"""Moderation as each viewer sees it: a removed card names nobody; its author learns it was theirs."""

from __future__ import annotations

from typing import Any

from rooms.moderation import events as e
from rooms.rules import Rules
from rooms.viewer import Viewer

rules = Rules("moderation.views")


@rules.event_view(e.CardRemoved)
def _card_removed(ev: e.CardRemoved, viewer: Viewer) -> dict[str, Any]:
    return {
        "at": ev.at,
        "card_id": ev.card_id,
        "by": ev.by,
        "reason": ev.reason,
        "mine": ev.author == viewer.member_id,
        "dots_back": ev.refunds.get(viewer.member_id, 0),
    }
