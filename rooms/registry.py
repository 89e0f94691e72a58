"""The room, defined in one place: every module's rules, in the order they run.

`CORE = Core(FEATURES)` is the room peergroup serves; tests build their own `Core([...])` from any
list of `Rules` (nothing is registered globally, so a test's extra rule never leaks into another).
The order of FEATURES is the order in which tick, departure, arrival and creation rules run (and
command guards are checked): each rule sees the state the previous one left, and the core runs
them again until none adds an event. Deciders, appliers, reactions, event views and state views
are keyed (by command, event or state part): a second one for the same key is a `DuplicateRule`.

How a new feature plugs in (say chat):

1. Put its types in `rooms/chat/commands.py` (frozen keyword-only dataclasses deriving from
   `rooms.base.Command`, imperative names) and `rooms/chat/events.py` (from `Event`, past tense),
   its state in `rooms/chat/state.py` (a field on `RoomState`).
2. In each module with rules, create one object and decorate with it, exactly as before but with
   `rules.` in front::

       from rooms.rules import Rules
       rules = Rules("chat.rules", writes=frozenset({"chat"}))  # the RoomState fields its appliers change

       @rules.decider(c.SendMessage)        # (state, cmd, now) -> [Event]; raise Rejected to refuse
       @rules.applier(e.MessageSent)        # (state, ev) -> None; raise ImpossibleEvent if it cannot be
       @rules.tick_rule                     # (state, now) -> [Event]
       @rules.deadline_rule                 # (state) -> float | None, the moment the tick rule fires
       @rules.departure_rule                # (state, member_id, now) -> [Event]
       @rules.arrival_rule                  # (state, member_id, role, now) -> [Event]
       @rules.creation_rule                 # (state, settings, now) -> [Event]
       @rules.command_guard                 # (state, cmd) -> None; raise Rejected to refuse
       @rules.reaction(e.SomethingHappened) # (state before the event, ev) -> [Event] that follow it
       @rules.event_view(e.MessageSent)     # (ev, viewer) -> ev | dict | None (not for this viewer)
       @rules.state_view("chat")            # (state, viewer) -> the snapshot's "chat" part

   Import `Viewer` from `rooms.viewer`, never `rooms.views`, `rooms.core` or this module (they import
   the features). A rule that must trigger every feature's departure/arrival/creation rules takes
   the core as first argument: `@rules.decider_with_hooks(Cmd)` / `@rules.tick_rule_with_hooks`,
   then `hooks.departures(state, member_id, now)`.
   `writes` lets the core's scratch copies (rules run on them) share the big board and reflections
   until an event may change them; leave it out (None: may write anything) when unsure.
   tests/rooms/test_registry.py checks every declaration against what the appliers really change.
   A view returns a dataclass (or the event): its return annotation is the payload's JSON Schema.
   Limits go in rooms/limits.py and are read with `limit("name")` by the rule and by protocol/.
3. Add `chat.rules` (every module's `rules`) to FEATURES below, where its time and departure rules
   should run, and the commands to `rooms/permissions.py`. That is all: the log, the wire, the docs
   and the property tests find its commands and events through `CORE`.
"""

from __future__ import annotations

from typing import Any

from rooms.agenda import appliers as agenda_appliers
from rooms.agenda import editing as agenda_editing
from rooms.agenda import flow as agenda_flow
from rooms.base import Command, Event
from rooms.board import rules as board_rules
from rooms.board import views as board_views
from rooms.chat import rules as chat_rules
from rooms.chat import views as chat_views
from rooms.core import Core
from rooms.floor import appliers as floor_appliers
from rooms.floor import groups as floor_groups
from rooms.floor import hands as floor_hands
from rooms.floor import latecomers as floor_latecomers
from rooms.floor import turns as floor_turns
from rooms.floor import views as floor_views
from rooms.floor import visibility as floor_visibility
from rooms.membership import rules as membership_rules
from rooms.membership import views as membership_views
from rooms.moderation import rules as moderation_rules
from rooms.moderation import views as moderation_views
from rooms.reflections import rules as reflections_rules
from rooms.reflections import typing_view as reflections_typing_view
from rooms.reflections import views as reflections_views
from rooms.rules import Rules
from rooms.screen import rules as screen_rules
from rooms.sessions import ending as sessions_ending
from rooms.sessions import rules as sessions_rules
from rooms.spaces import appliers as spaces_appliers
from rooms.spaces import guards as spaces_guards
from rooms.spaces import rules as spaces_rules
from rooms.spaces import views as spaces_views
from rooms.speech import recording as speech_recording
from rooms.speech import rules as speech_rules
from rooms.speech import views as speech_views
from rooms.state import RoomState
from rooms.viewer import Viewer

#: every module's rules; time, departure and arrival rules run in this order
FEATURES: tuple[Rules, ...] = (
    # the floor first: a turn's clock runs out before the phase it belongs to
    floor_turns.rules,
    floor_hands.rules,
    floor_latecomers.rules,
    floor_groups.rules,
    floor_appliers.rules,
    floor_visibility.rules,
    floor_views.rules,
    # then the agenda's clock, ready flags and template
    agenda_flow.rules,
    agenda_editing.rules,
    agenda_appliers.rules,
    # then the small groups' return, which the agenda waits for before it moves on
    spaces_rules.rules,
    spaces_appliers.rules,
    spaces_guards.rules,
    spaces_views.rules,
    # then presence timeouts (whose departures run the rules above once more)
    membership_rules.rules,
    membership_views.rules,
    board_rules.rules,
    board_views.rules,
    reflections_rules.rules,
    reflections_views.rules,
    reflections_typing_view.rules,
    moderation_rules.rules,
    moderation_views.rules,
    chat_rules.rules,
    chat_views.rules,
    # a share ends when its sharer leaves (a departure rule)
    screen_rules.rules,
    sessions_rules.rules,
    sessions_ending.rules,
    # measured speech and recording (the listener's reports; nothing here reacts to time)
    speech_rules.rules,
    speech_recording.rules,
    speech_views.rules,
)

CORE = Core(FEATURES)

COMMAND_TYPES: dict[str, type[Command]] = CORE.command_types
EVENT_TYPES: dict[str, type[Event]] = CORE.event_types


def decide(state: RoomState, command: Command, now: float) -> list[Event]:
    """What happens if `command` is accepted now (see `Core.decide`)."""
    return CORE.decide(state, command, now)


def apply(state: RoomState, event: Event) -> RoomState:
    """Change `state` by one event (see `Core.apply`)."""
    return CORE.apply(state, event)


def next_deadline(state: RoomState) -> float | None:
    """When the runner must send `Tick` (see `Core.next_deadline`)."""
    return CORE.next_deadline(state)


def view_event(event: Event, viewer: Viewer) -> Event | dict[str, Any] | None:
    """The event as `viewer` may see it."""
    return CORE.view_event(event, viewer)
