"""The pure room core: `decide`, `apply`, `next_deadline`. No I/O, no asyncio, no clock.

Importing the package registers every feature's rules with rooms.core.
"""

from __future__ import annotations

from rooms import views as views
from rooms.agenda import appliers as _agenda_appliers  # noqa: F401
from rooms.agenda import editing as _editing  # noqa: F401
from rooms.agenda import flow as _flow  # noqa: F401
from rooms.base import Command, Event, Tick
from rooms.board import rules as _board_rules  # noqa: F401  (registers its rules)
from rooms.board import views as _board_views  # noqa: F401  (registers its views)
from rooms.chat import rules as _chat_rules  # noqa: F401  (registers its rules)
from rooms.chat import views as _chat_views  # noqa: F401  (hides anonymous authors, side notes)
from rooms.core import COMMAND_TYPES, EVENT_TYPES, apply, decide, next_deadline
from rooms.errors import Code, Rejected
from rooms.floor import appliers as _floor_appliers  # noqa: F401  (registers its rules)
from rooms.floor import hands as _hands  # noqa: F401  (registers its rules)
from rooms.floor import latecomers as _latecomers  # noqa: F401  (rounds take latecomers in)
from rooms.floor import turns as _turns  # noqa: F401
from rooms.floor import views as _floor_views  # noqa: F401  (airtime only where the room shows it)
from rooms.floor import visibility as _airtime_visibility  # noqa: F401
from rooms.membership import rules as _membership  # noqa: F401  (registers its rules)
from rooms.moderation import rules as _moderation  # noqa: F401  (registers its rules)
from rooms.moderation import views as _moderation_views  # noqa: F401  (hides removed cards' authors)
from rooms.reflections import rules as _reflections_rules  # noqa: F401  (registers its rules)
from rooms.reflections import typing_view as _typing_view  # noqa: F401  (hides who is typing)
from rooms.reflections import views as _reflections_views  # noqa: F401  (registers its views)
from rooms.screen import rules as _screen_rules  # noqa: F401  (registers its rules)
from rooms.sessions import ending as _ending  # noqa: F401  (registers its rules)
from rooms.sessions import rules as _sessions  # noqa: F401  (registers its rules)
from rooms.state import Role, RoomState

__all__ = [
    "COMMAND_TYPES",
    "EVENT_TYPES",
    "Code",
    "Command",
    "Event",
    "Rejected",
    "Role",
    "RoomState",
    "Tick",
    "apply",
    "decide",
    "next_deadline",
    "views",
]
