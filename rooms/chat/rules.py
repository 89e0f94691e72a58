"""How the chat is decided and applied.

Practice: a chat beside the call lets people add a link or a "+1" without taking the floor, and a
quiet word to the facilitator ("I need to leave at 3") without telling the group. The code of
conduct holds there as on the cards: a facilitator takes a message down for everyone. While the
phase is anonymous (rooms/reflections/phase.py, the same rule as cards) messages are anonymous too,
so a silent-writing phase cannot be undone by the chat.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.chat import commands as c
from rooms.chat import events as e
from rooms.chat.state import ChatMessage
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.membership.rules import clean_text
from rooms.reflections.phase import current_mode
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("chat.rules")

#: characters in one message: a few sentences or a link, not an essay (cards are for those)
TEXT_MAX = limit("chat_text").n
#: messages kept in one session (the record and every snapshot carry them)
MESSAGES_MAX = limit("chat_messages").n
REASON_MAX = limit("removal_reason").n


@rules.decider(c.SendChatMessage)
def send_chat_message(state: RoomState, cmd: c.SendChatMessage, now: float) -> list[Event]:
    chat = state.chat
    text = clean_text(cmd.text, TEXT_MAX, "a chat message", allow_newlines=True)
    if not text:
        raise Rejected(Code.BAD_VALUE, "a chat message needs some text")
    if len(chat.messages) >= MESSAGES_MAX:
        raise Rejected(Code.LIMIT, f"this session's chat is full ({MESSAGES_MAX} messages)")
    message = ChatMessage(
        id=f"t{chat.counter + 1}",
        author=cmd.actor,
        text=text,
        to=cmd.to,
        anonymous=current_mode(state).anonymous,
        sent_at=now,
    )
    return [e.ChatMessageSent(at=now, message=message)]


@rules.decider(c.RemoveChatMessage)
def remove_chat_message(state: RoomState, cmd: c.RemoveChatMessage, now: float) -> list[Event]:
    message = state.chat.messages.get(cmd.message_id)
    if message is None:
        raise Rejected(Code.NOT_FOUND, f"no chat message {cmd.message_id!r}")
    reason = clean_text(cmd.reason, REASON_MAX, "a reason")
    return [
        e.ChatMessageRemoved(
            at=now, message_id=message.id, author=message.author, by=cmd.actor, reason=reason, to=message.to
        )
    ]


@rules.decider(c.SetChatInRecord)
def set_chat_in_record(state: RoomState, cmd: c.SetChatInRecord, now: float) -> list[Event]:
    if state.chat.in_record == cmd.on:
        return []
    return [e.ChatRecordSet(at=now, on=cmd.on)]


@rules.applier(e.ChatMessageSent)
def chat_message_sent(state: RoomState, ev: e.ChatMessageSent) -> None:
    state.chat.messages[ev.message.id] = ev.message
    state.chat.counter += 1


@rules.applier(e.ChatMessageRemoved)
def chat_message_removed(state: RoomState, ev: e.ChatMessageRemoved) -> None:
    if state.chat.messages.pop(ev.message_id, None) is not None:
        state.chat.removed += 1


@rules.applier(e.ChatRecordSet)
def chat_record_set(state: RoomState, ev: e.ChatRecordSet) -> None:
    state.chat.in_record = ev.on
