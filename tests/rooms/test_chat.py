"""Chat core: messages to everyone or to the facilitators, anonymous in anonymous phases, taken
down by a facilitator for everyone, in the record unless the room turns that off."""

from __future__ import annotations

import dataclasses

from rooms import CORE, Role, RoomState, views
from rooms.chat import commands as c
from rooms.chat import events as ce
from rooms.chat.rules import TEXT_MAX
from rooms.chat.state import ChatAudience
from rooms.chat.views import PROJECTED
from rooms.errors import Code
from rooms.reflections import commands as r
from rooms.sessions.commands import StartNextSession
from server.record.build import build_record
from server.record.render import to_csv, to_markdown
from tests.rooms.shared_room import T0, refused, room_with, run, wire

P = Role.PARTICIPANT
EVERYONE_IN_ROOM = ("fac", "cole", "ana", "ben", "obs")


def group_room() -> RoomState:
    return room_with(fac=Role.FACILITATOR, cole=Role.CO_FACILITATOR, ana=P, ben=P, obs=Role.OBSERVER)


def seen_by(state: RoomState, ev: object, member: str) -> dict | None:  # type: ignore[type-arg]
    return wire(CORE.view_event(ev, views.Viewer(member, state.members[member].role)))  # type: ignore[arg-type,no-any-return]


def chat_of(state: RoomState, member: str) -> dict:  # type: ignore[type-arg]
    return wire(views.view_state(state, views.Viewer(member, state.members[member].role)))["chat"]  # type: ignore[no-any-return]


def say(state: RoomState, who: str, text: str, to: ChatAudience = ChatAudience.EVERYONE) -> ce.ChatMessageSent:
    [ev] = run(state, c.SendChatMessage(actor=who, text=text, to=to))
    assert isinstance(ev, ce.ChatMessageSent)
    return ev


def test_a_message_to_everyone_reaches_everyone_with_its_author() -> None:
    s = group_room()
    ev = say(s, "ana", "Here is the link: https://example.org")
    for member in EVERYONE_IN_ROOM:
        message = seen_by(s, ev, member)["message"]  # type: ignore[index]
        assert message["text"] == "Here is the link: https://example.org"
        assert message["author"] == "ana" and message["mine"] is (member == "ana")
        assert [m["id"] for m in chat_of(s, member)["messages"]] == [ev.message.id]


def test_observers_may_write_in_the_chat() -> None:
    s = group_room()
    say(s, "obs", "A question from the back row")
    assert len(s.chat.messages) == 1


def test_a_word_to_the_facilitators_reaches_only_them_and_its_author() -> None:
    s = group_room()
    ev = say(s, "ben", "I need to leave at three", ChatAudience.FACILITATORS)
    for member in ("fac", "cole", "ben"):
        assert seen_by(s, ev, member)["message"]["to"] == "facilitators"  # type: ignore[index]
        assert len(chat_of(s, member)["messages"]) == 1
    for member in ("ana", "obs"):
        assert seen_by(s, ev, member) is None
        assert chat_of(s, member)["messages"] == []


def test_messages_are_anonymous_while_the_phase_is_anonymous_for_every_viewer() -> None:
    s = group_room()
    run(s, r.SetAnonymous(actor="fac", anonymous=True))
    ev = say(s, "ana", "I felt unheard in the review")
    assert ev.message.anonymous
    for member in ("fac", "cole", "ben", "obs"):
        message = seen_by(s, ev, member)["message"]  # type: ignore[index]
        assert message["author"] is None and message["mine"] is False
        assert "ana" not in str(message)
        assert "ana" not in str(chat_of(s, member))
    assert seen_by(s, ev, "ana")["message"]["mine"] is True  # type: ignore[index]


def test_a_facilitator_removes_a_message_for_everyone_without_naming_its_author() -> None:
    s = group_room()
    run(s, r.SetAnonymous(actor="fac", anonymous=True))
    ev = say(s, "ana", "Ben is useless")
    [removed] = run(s, c.RemoveChatMessage(actor="cole", message_id=ev.message.id, reason="Attacks a member"))
    assert s.chat.messages == {} and s.chat.removed == 1
    for member in ("fac", "cole", "ben", "obs"):
        seen = seen_by(s, removed, member)
        assert seen == {
            "at": T0,
            "message_id": ev.message.id,
            "by": "cole",
            "reason": "Attacks a member",
            "mine": False,
        }
        assert chat_of(s, member)["messages"] == []
    assert seen_by(s, removed, "ana")["mine"] is True  # type: ignore[index]


def test_removing_a_word_to_the_facilitators_tells_nobody_else_it_existed() -> None:
    s = group_room()
    ev = say(s, "ben", "Private", ChatAudience.FACILITATORS)
    [removed] = run(s, c.RemoveChatMessage(actor="fac", message_id=ev.message.id))
    assert seen_by(s, removed, "ana") is None and seen_by(s, removed, "obs") is None
    assert seen_by(s, removed, "ben")["mine"] is True  # type: ignore[index]


def test_only_facilitators_remove_messages_or_keep_the_chat_out_of_the_record() -> None:
    s = group_room()
    ev = say(s, "ana", "hello")
    assert refused(s, c.RemoveChatMessage(actor="ben", message_id=ev.message.id)) == Code.FORBIDDEN
    assert refused(s, c.RemoveChatMessage(actor="ana", message_id=ev.message.id)) == Code.FORBIDDEN
    assert refused(s, c.SetChatInRecord(actor="ana", on=False)) == Code.FORBIDDEN
    assert refused(s, c.RemoveChatMessage(actor="fac", message_id="t99")) == Code.NOT_FOUND


def test_empty_or_over_long_messages_are_refused_and_change_nothing() -> None:
    s = group_room()
    assert refused(s, c.SendChatMessage(actor="ana", text="  \n ")) == Code.BAD_VALUE
    assert refused(s, c.SendChatMessage(actor="ana", text="x" * (TEXT_MAX + 1))) == Code.TOO_LONG


def test_control_characters_are_stripped_but_line_breaks_kept() -> None:
    s = group_room()
    ev = say(s, "ana", "one\u0007\ntwo")
    assert ev.message.text == "one\ntwo"


def test_the_chat_is_in_the_record_as_text_unless_a_facilitator_turns_it_off() -> None:
    s = group_room()
    say(s, "ana", "<b>bold</b> and # not a title")
    say(s, "ben", "side note", ChatAudience.FACILITATORS)
    record = build_record(s, T0 + 60)
    assert [m["text"] for m in record["chat"]] == ["<b>bold</b> and # not a title"]
    assert record["chat"][0]["author"] == "Ana"
    markdown = to_markdown(record)
    assert "## Chat" in markdown and "&lt;b&gt;bold&lt;/b&gt;" in markdown and "side note" not in markdown
    assert "chat,," in to_csv(record)
    run(s, c.SetChatInRecord(actor="fac", on=False))
    assert build_record(s, T0 + 60)["chat"] is None
    assert "## Chat" not in to_markdown(build_record(s, T0 + 60))
    assert chat_of(s, "ana")["in_record"] is False


def test_an_anonymous_message_names_nobody_in_the_record() -> None:
    s = group_room()
    run(s, r.SetAnonymous(actor="fac", anonymous=True))
    say(s, "ana", "hard to say aloud")
    record = build_record(s, T0)
    assert record["chat"][0]["author"] is None
    assert "Ana" not in str(record["chat"])


def test_the_next_session_starts_with_an_empty_chat_and_keeps_the_record_choice() -> None:
    s = group_room()
    say(s, "ana", "hello")
    run(s, c.SetChatInRecord(actor="fac", on=False))
    run(s, StartNextSession(actor="fac"))
    assert s.chat.messages == {} and s.chat.in_record is False
    assert say(s, "ana", "again").message.id != ""


def test_every_chat_event_that_names_a_member_is_projected_per_viewer() -> None:
    named = {
        t
        for t in vars(ce).values()
        if isinstance(t, type) and dataclasses.is_dataclass(t) and issubclass(t, ce.Event)
        for f in dataclasses.fields(t)
        if f.name in ("author", "message")
    }
    assert named == set(PROJECTED)
    assert all(t in CORE.event_views for t in PROJECTED)
