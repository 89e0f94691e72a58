"""What nodes say to each other over Redis pub/sub, as msgspec msgpack (typed, no pickle).

Nothing on the bus is ever unpickled or executed: commands travel as (type name, msgpack body)
and are rebuilt only as one of the registered rooms command dataclasses, like the log does for
events (server/log/codec.py).
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol.errors import WireError
from rooms import COMMAND_TYPES, Command
from server.log import Stamped
from server.log.codec import decode_event


class Batch(msgspec.Struct, tag="e", array_like=True):
    """Events of one room, published once by its owner: (seq, event type, body) each."""

    origin: str
    events: list[tuple[int, str, bytes]]


class Relay(msgspec.Struct, tag="r", array_like=True):
    """An ephemeral message (cursor, typing, media signal) for every node following the room."""

    origin: str
    message: dict[str, Any]


class Request(msgspec.Struct, tag="q", array_like=True):
    """A command forwarded to the room's owner; the answer goes to `reply_to`'s channel."""

    id: str
    reply_to: str
    room_id: str
    command: str
    body: bytes
    hops: int = 0


class Reply(msgspec.Struct, tag="a", array_like=True):
    """The owner's answer to a Request: accepted (seq, changed) or refused (error)."""

    id: str
    seq: int = 0
    changed: bool = False
    error: WireError | None = None


BusMessage = Batch | Relay | Request | Reply

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(BusMessage)
_command_decoders: dict[str, msgspec.msgpack.Decoder[Any]] = {}


def encode(message: BusMessage) -> bytes:
    return _encoder.encode(message)


def decode(data: bytes) -> BusMessage:
    return _decoder.decode(data)


def encode_command(command: Command) -> tuple[str, bytes]:
    return type(command).__name__, _encoder.encode(command)


def decode_command(type_name: str, body: bytes) -> Command:
    """Rebuild a forwarded command; only registered command types are accepted."""
    dec = _command_decoders.get(type_name)
    if dec is None:
        if type_name not in COMMAND_TYPES:
            raise ValueError(f"unknown command type {type_name!r}")
        dec = _command_decoders[type_name] = msgspec.msgpack.Decoder(COMMAND_TYPES[type_name])
    command: Command = dec.decode(body)
    return command


def batch_of(origin: str, events: list[tuple[int, str, bytes]]) -> Batch:
    """A batch from events as the log encoded them (seq, type name, msgpack body)."""
    return Batch(origin=origin, events=events)


def stamped_of(batch: Batch) -> list[Stamped]:
    return [Stamped(seq, decode_event(t, body)) for seq, t, body in batch.events]
