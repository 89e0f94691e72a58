"""The two kinds of message the core speaks: commands in, events out.

Commands are imperative (`RaiseHand`), events past tense (`HandRaised`). Both are frozen,
keyword-only dataclasses so that the log can store them as (type name, fields) and rebuild them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """Something a member (or the server on their behalf) asks the room to do."""

    actor: str

    #: system commands come from the server itself (a socket dropped, a timer fired), never
    #: from the wire; they skip the permission table.
    system: ClassVar[bool] = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happened in the room; `at` is the server time it happened (seconds)."""

    at: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick(Command):
    """The runner's alarm: a deadline from `next_deadline` has passed."""

    system: ClassVar[bool] = True


def event_name(class_name: str) -> str:
    """A command's socket.io event name: `RaiseHand` -> `raise_hand`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()
