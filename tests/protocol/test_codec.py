"""Every wire message decodes, round-trips through msgpack, and matches its twin in rooms/."""

from __future__ import annotations

import dataclasses
import typing

import msgpack
import msgspec
import pytest

import rooms
from protocol import PROTOCOL_VERSION
from protocol.codec import CLIENT_COMMANDS, DecodeError, decode_as, decode_command, to_wire
from protocol.errors import ErrorCode
from protocol.messages import ClientCommand, ConnectAuth, event_name
from rooms.errors import Code
from server.translate import to_command

COMMANDS = sorted(CLIENT_COMMANDS.items())


@pytest.mark.parametrize(("event", "kind"), COMMANDS)
def test_every_command_example_round_trips_through_msgpack(event: str, kind: type[ClientCommand]) -> None:
    wire = msgpack.packb(kind.example)
    decoded = decode_command(event, msgpack.unpackb(wire))
    assert isinstance(decoded, kind)
    assert msgpack.unpackb(msgpack.packb(to_wire(decoded))) == {**to_wire(decoded)}


@pytest.mark.parametrize(("event", "kind"), COMMANDS)
def test_every_logged_command_has_a_twin_in_the_room_core_with_the_same_fields(
    event: str, kind: type[ClientCommand]
) -> None:
    if kind.ephemeral:
        return
    twin = rooms.COMMAND_TYPES.get(kind.__name__)
    assert twin is not None, f"{kind.__name__} has no rooms command"
    room_fields = {f.name for f in dataclasses.fields(twin)} - {"actor"}
    assert set(msgspec.structs.asdict(decode_command(event, kind.example))) == room_fields
    command = to_command(decode_command(event, kind.example), actor="m-1")
    assert isinstance(command, twin) and command.actor == "m-1"


def test_event_names_are_the_snake_case_of_the_struct() -> None:
    assert event_name("RaiseHand") == "raise_hand"
    for event, kind in COMMANDS:
        assert event == event_name(kind.__name__)


def test_unknown_fields_are_refused_not_ignored() -> None:
    with pytest.raises(DecodeError) as exc:
        decode_command("rename", {"name": "x", "role": "facilitator"})
    assert exc.value.error.code is ErrorCode.BAD_PAYLOAD


def test_connect_auth_needs_a_version_and_a_token() -> None:
    assert decode_as({"v": PROTOCOL_VERSION, "token": "t"}, ConnectAuth).v == PROTOCOL_VERSION
    for bad in (None, {}, {"v": "1", "token": "t"}, {"token": "t"}, [1, 2]):
        with pytest.raises(DecodeError):
            decode_as(bad, ConnectAuth)


def test_every_core_refusal_code_exists_on_the_wire() -> None:
    wire = {c.value for c in ErrorCode}
    assert {c.value for c in Code} <= wire


def test_every_command_struct_documents_itself() -> None:
    for _, kind in COMMANDS:
        assert kind.__doc__, f"{kind.__name__} needs a docstring"
        hints = typing.get_type_hints(kind, include_extras=True)
        assert "example" in hints or isinstance(kind.example, dict)
