"""The pure room core: `decide`, `apply`, `next_deadline`. No I/O, no asyncio, no clock.

Every rule is listed in rooms/registry.py (which says how a feature plugs in); this package only
re-exports what the server uses.
"""

from __future__ import annotations

from rooms import views as views
from rooms.base import Command, Event, Tick
from rooms.core import Core
from rooms.errors import Code, ImpossibleEvent, Rejected
from rooms.registry import COMMAND_TYPES, CORE, EVENT_TYPES, FEATURES, apply, decide, next_deadline
from rooms.state import Role, RoomState

__all__ = [
    "COMMAND_TYPES",
    "CORE",
    "EVENT_TYPES",
    "FEATURES",
    "Code",
    "Command",
    "Core",
    "Event",
    "ImpossibleEvent",
    "Rejected",
    "Role",
    "RoomState",
    "Tick",
    "apply",
    "decide",
    "next_deadline",
    "views",
]
