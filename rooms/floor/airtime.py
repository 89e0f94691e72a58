"""Airtime: who held the floor for how long, per phase and in total, against an equal share.

Facilitators use it to notice who dominates and who has not spoken yet (the progressive stack
rests on the same numbers). Time is banked into `FloorState.airtime` whenever a stretch of
speaking ends (turn over, phase change, pause); the report adds the live stretch at `now`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rooms.floor.state import Floor, Turn
    from rooms.state import RoomState


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberAirtime:
    """One member's airtime; `share` is their part of all floor time, to compare with `equal_share`."""

    member_id: str
    name: str
    total_seconds: float
    by_phase: dict[str, float] = field(default_factory=dict)
    share: float = 0.0
    spoken: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AirtimeReport:
    """Airtime of everyone who speaks in the room (participants, and anyone who held the floor)."""

    at: float
    total_seconds: float
    equal_share: float
    members: list[MemberAirtime]
    #: participants present who have not held the floor yet in this session
    not_yet_spoken: list[str]


def bank(state: RoomState, at: float, floor: Floor | None = None) -> None:
    """Add the speaker's current stretch (on `floor`, the main room's by default) to airtime and
    start a new stretch at `at`."""
    turn = (state.floor if floor is None else floor).speaker
    if turn is None or turn.paused_at is not None:
        return
    seconds = max(0.0, at - turn.since)
    per_phase = state.floor.airtime.setdefault(turn.member_id, {})
    per_phase[turn.phase_id] = per_phase.get(turn.phase_id, 0.0) + seconds
    turn.held += seconds
    turn.since = at


def spoken_seconds(state: RoomState, member_id: str, now: float) -> float:
    """Seconds `member_id` has held the floor in this session, the live stretch included."""
    total = sum(state.floor.airtime.get(member_id, {}).values())
    for turn in _live(state):
        if turn.member_id == member_id and turn.paused_at is None:
            total += max(0.0, now - turn.since)
    return total


def _live(state: RoomState) -> list[Turn]:
    """The turn on every floor (the main room's, each small group's own)."""
    floors = [state.floor, *state.floor.spaces.values()]
    return [f.speaker for f in floors if f.speaker is not None]


def airtime_report(state: RoomState, now: float) -> AirtimeReport:
    """Per member: seconds per phase and in total, share against an equal share, and who is silent."""
    live: dict[str, dict[str, float]] = {m: dict(p) for m, p in state.floor.airtime.items()}
    for turn in _live(state):
        if turn.paused_at is None:
            per_phase = live.setdefault(turn.member_id, {})
            per_phase[turn.phase_id] = per_phase.get(turn.phase_id, 0.0) + max(0.0, now - turn.since)
    counted = [m.id for m in state.present() if m.role.value == "participant"]
    counted += [m for m in live if m not in counted]
    total = sum(sum(p.values()) for p in live.values())
    members = []
    for member_id in counted:
        by_phase = live.get(member_id, {})
        seconds = sum(by_phase.values())
        member = state.members.get(member_id)
        members.append(
            MemberAirtime(
                member_id=member_id,
                name=member.name if member else "",
                total_seconds=seconds,
                by_phase=by_phase,
                share=seconds / total if total else 0.0,
                spoken=seconds > 0,
            )
        )
    return AirtimeReport(
        at=now,
        total_seconds=total,
        equal_share=1 / len(counted) if counted else 0.0,
        members=members,
        not_yet_spoken=[m.member_id for m in members if not m.spoken and state.admitted(m.member_id)],
    )
