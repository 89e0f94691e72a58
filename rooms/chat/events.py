"""Events of the room's chat. `ChatMessageSent` and `ChatMessageRemoved` know the author and are
projected per viewer (rooms/chat/views.py): an anonymous author never leaves the server."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.base import Event
from rooms.chat.state import ChatAudience, ChatMessage


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatMessageSent(Event):
    """A member wrote in the chat. Viewers receive `{at, message}` with the message as they may
    see it: `author` is null when anonymous, `mine` is true for its author; a message to the
    facilitators reaches only them and its author."""

    message: ChatMessage


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatMessageRemoved(Event):
    """A facilitator (`by`) took a message down under the code of conduct. Viewers receive
    `{at, message_id, by, reason, mine}`; the author is never named."""

    message_id: str
    author: str
    by: str
    reason: str = ""
    #: who could read it: a removal of a word to the facilitators reaches only them and its author
    to: ChatAudience = ChatAudience.EVERYONE


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatRecordSet(Event):
    """A facilitator chose whether the chat is part of the session record (`on`)."""

    on: bool
