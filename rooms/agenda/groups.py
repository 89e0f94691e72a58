"""Small groups for pairs phases, and roles that go round inside them.

Coaching triads rotate speaker, coach and observer so each person plays every role once;
reciprocal teaching rotates summariser, questioner, clarifier and predictor (Palincsar & Brown).
Groups are formed from participants in join order, so a replay forms the same groups; nobody is
left alone: an odd one out joins a group (1-2-4-All: "if odd, make a trio").
"""

from __future__ import annotations

import math

from rooms.agenda.phase import Phase
from rooms.state import Role, RoomState


def form_groups(members: list[str], size: int) -> list[list[str]]:
    """`members` cut into groups of about `size`, none of one person (unless there is only one)."""
    n = len(members)
    if n == 0 or size < 2:
        return []
    k = math.ceil(n / size)
    if k > 1 and n // k < 2:
        k -= 1
    base, extra = divmod(n, k)
    groups: list[list[str]] = []
    start = 0
    for i in range(k):
        end = start + base + (1 if i < extra else 0)
        groups.append(members[start:end])
        start = end
    return groups


def participants(state: RoomState) -> list[str]:
    """Present participants in join order: who is grouped and who takes turns in phases."""
    return [m.id for m in state.present() if m.role is Role.PARTICIPANT]


def role_map(phase: Phase, groups: list[list[str]], rotation: int) -> dict[str, str]:
    """Each grouped member's role after `rotation` rotations."""
    if not phase.roles:
        return {}
    n = len(phase.roles)
    return {m: phase.roles[(j + rotation) % n] for group in groups for j, m in enumerate(group)}


def next_rotation(phase: Phase, last_at: float, rotation: int, ends_at: float) -> float | None:
    """When roles go round next (`rotate_seconds` after `last_at`, the previous rotation or the
    start), or None when every role has been played or the phase ends first."""
    if not phase.roles or phase.rotate_seconds <= 0 or rotation + 1 >= len(phase.roles):
        return None
    at = last_at + phase.rotate_seconds
    return at if at < ends_at else None
