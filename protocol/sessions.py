"""Commands about a room's sessions (the next session's `StartNextSession` is in protocol/reflections.py)."""

from __future__ import annotations

from protocol.messages import ClientCommand


class EndSession(ClientCommand, frozen=True):
    """End this session now (facilitators): the agenda stops where it is, the speaker's turn and any
    round end, hands go down, and `SessionEnded` tells every client to show the record. Afterwards
    `start_agenda`, `raise_hand`, `call_next`, `give_floor` and `start_stick_round` are refused with
    `wrong_state` until the facilitator starts the next session; cards and action items stay editable."""

    example = {}
