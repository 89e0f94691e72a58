"""What each viewer may see of membership events: the lobby is the facilitators' business."""

from __future__ import annotations

from typing import Any

from rooms.base import Event
from rooms.membership import events as e
from rooms.rules import Rules
from rooms.viewer import Viewer

rules = Rules("membership.views", writes=frozenset(()))


@rules.event_view(e.MemberKnocked)
def knock(ev: e.MemberKnocked, viewer: Viewer) -> Event | dict[str, Any] | None:
    """Others only learn that someone is waiting, not who."""
    if viewer.leads:
        return ev
    return {"at": ev.at, "member_id": ev.member_id, "name": "", "role": ev.role.value}
