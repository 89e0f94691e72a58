"""State of the room's chat: the messages of this session, in the order the room accepted them.

A message's `author` lives here and in the log only: what leaves the server goes through
rooms/chat/views.py, which drops the author of every anonymous message for every viewer (the
facilitators included) and keeps messages to the facilitators from everyone else but their author.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ChatAudience(StrEnum):
    """Who reads a chat message."""

    EVERYONE = "everyone"
    #: the facilitator and co-facilitators (and the author): a quiet word, as in a side note
    FACILITATORS = "facilitators"


@dataclass
class ChatMessage:
    """One chat message; text only, never markup."""

    id: str
    author: str
    text: str
    to: ChatAudience = ChatAudience.EVERYONE
    anonymous: bool = False
    sent_at: float = 0.0


@dataclass
class ChatState:
    """The session's chat, whether it goes into the session record, and how many were taken down."""

    messages: dict[str, ChatMessage] = field(default_factory=dict)
    counter: int = 0
    removed: int = 0
    #: the record keeps the chat unless a facilitator turns that off (then no export shows it)
    in_record: bool = True
