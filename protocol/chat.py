"""The room's chat: messages to everyone or to the facilitators, taken down under the code of conduct.

Text only: clients show it as text, never as HTML or Markdown. While the phase is anonymous, a
message carries `author: null` for everyone (facilitators included) and `mine: true` for its author.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

#: the wire admits control characters the room strips, so the bound is the room's own limit
ChatText = Annotated[str, msgspec.Meta(max_length=limit("chat_text").n)]
Reason = Annotated[str, msgspec.Meta(max_length=limit("removal_reason").n)]


class SendChatMessage(ClientCommand, frozen=True):
    """Write in the chat: `to` is `everyone` or `facilitators` (read by them and you only).

    1-1000 characters (`too_long` beyond, `bad_value` when empty); at most 2000 a session (`limit`).
    The ack's `seq` is the `ChatMessageSent` that carries your message (`mine: true`).
    """

    text: ChatText
    to: Literal["everyone", "facilitators"] = "everyone"
    example = {"text": "Here is the article I mentioned: https://example.org/aar", "to": "everyone"}


class RemoveChatMessage(ClientCommand, frozen=True):
    """Take down anyone's chat message that breaks the code of conduct (facilitators); `reason` (up to
    200 characters, may be "") is shown to those who could read it. The author is never named."""

    message_id: Id
    reason: Reason = ""
    example = {"message_id": "t4", "reason": "Names a colleague outside the group"}


class SetChatInRecord(ClientCommand, frozen=True):
    """Keep this session's chat in the session record (`on`, the default) or out of it (facilitators)."""

    on: bool
    example = {"on": False}
