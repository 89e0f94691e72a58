"""The chat as each viewer may see it: the one place a message's author is filtered.

For every viewer, facilitators included: an anonymous message never shows its author (its author
sees `mine: true`); a message to the facilitators reaches the facilitators and its author only.
Views read only the event and the viewer, so a replay shows exactly what the live room showed.
"""

from __future__ import annotations

from typing import Any

from rooms.base import Event
from rooms.chat import events as e
from rooms.chat.state import ChatAudience, ChatMessage
from rooms.rules import Rules
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("chat.views")


def readable(message: ChatMessage, viewer: Viewer) -> bool:
    """Whether `viewer` may read `message` at all."""
    return message.to is ChatAudience.EVERYONE or viewer.leads or message.author == viewer.member_id


def message_for(message: ChatMessage, viewer: Viewer) -> dict[str, Any]:
    """A message as `viewer` sees it: no author when anonymous."""
    return {
        "id": message.id,
        "text": message.text,
        "to": message.to.value,
        "anonymous": message.anonymous,
        "author": None if message.anonymous else message.author,
        "mine": message.author == viewer.member_id,
        "sent_at": message.sent_at,
    }


@rules.event_view(e.ChatMessageSent)
def _sent(ev: e.ChatMessageSent, viewer: Viewer) -> dict[str, Any] | None:
    if not readable(ev.message, viewer):
        return None
    return {"at": ev.at, "message": message_for(ev.message, viewer)}


@rules.event_view(e.ChatMessageRemoved)
def _removed(ev: e.ChatMessageRemoved, viewer: Viewer) -> dict[str, Any] | None:
    if ev.to is not ChatAudience.EVERYONE and not viewer.leads and ev.author != viewer.member_id:
        return None  # they never had it
    return {
        "at": ev.at,
        "message_id": ev.message_id,
        "by": ev.by,
        "reason": ev.reason,
        "mine": ev.author == viewer.member_id,
    }


#: chat events that name a member and so must never go out unprojected (tests check this)
PROJECTED: tuple[type[Event], ...] = (e.ChatMessageSent, e.ChatMessageRemoved)


@rules.state_view("chat")
def chat_view(state: RoomState, viewer: Viewer) -> dict[str, Any]:
    chat = state.chat
    return {
        "messages": [message_for(m, viewer) for m in chat.messages.values() if readable(m, viewer)],
        "in_record": chat.in_record,
    }
