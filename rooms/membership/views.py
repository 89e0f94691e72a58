"""What each viewer may see of membership events: the lobby is the facilitators' business."""

from __future__ import annotations

from dataclasses import replace

from rooms.membership import events as e
from rooms.rules import Rules
from rooms.viewer import Viewer

rules = Rules("membership.views", writes=frozenset(()))


@rules.event_view(e.MemberKnocked)
def knock(ev: e.MemberKnocked, viewer: Viewer) -> e.MemberKnocked:
    """Others only learn that someone is waiting, not who (`name` is "")."""
    return ev if viewer.leads else replace(ev, name="")
