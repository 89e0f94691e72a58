"""Commands of the room's chat."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Command
from rooms.chat.state import ChatAudience


@dataclass(frozen=True, slots=True, kw_only=True)
class SendChatMessage(Command):
    """Write to the room, or to the facilitators only."""

    text: str
    to: ChatAudience = ChatAudience.EVERYONE


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveChatMessage(Command):
    """Take down a message that breaks the code of conduct (facilitators), with an optional reason."""

    message_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetChatInRecord(Command):
    """Choose whether this session's chat goes into the session record (facilitators)."""

    on: bool
