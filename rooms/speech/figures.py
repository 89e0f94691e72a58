"""Figures derived from measured speech for the panel and the record: shares and who is still silent."""

from __future__ import annotations

from dataclasses import dataclass

from rooms.state import Role, RoomState

#: roles expected to speak (observers watch; their silence is no one's concern)
SPEAKING_ROLES = (Role.FACILITATOR, Role.CO_FACILITATOR, Role.PARTICIPANT)


@dataclass(frozen=True, slots=True)
class Share:
    """One member's measured speech against an equal split of all the talk."""

    member_id: str
    seconds: float
    contributions: int
    #: fraction of everybody's speaking time (0 when nobody spoke)
    share: float
    #: 1 / number of speakers: what each would have with perfectly even talk
    equal_share: float


def speakers(state: RoomState) -> list[str]:
    """Members expected to speak: present (or measured) members in a speaking role, in join order."""
    out = [m.id for m in state.present() if m.role in SPEAKING_ROLES]
    out += [m for m in state.speech.tallies if m not in out and m in state.members]
    return out


def shares(state: RoomState) -> list[Share]:
    """Each speaker's measured seconds and share, in join order."""
    ids = speakers(state)
    tallies = state.speech.tallies
    total = sum(t.seconds for t in tallies.values())
    equal = 1.0 / len(ids) if ids else 0.0
    out = []
    for m in ids:
        t = tallies.get(m)
        secs = t.seconds if t else 0.0
        out.append(Share(m, round(secs, 3), t.contributions if t else 0, secs / total if total else 0.0, equal))
    return out


def not_spoken_yet(state: RoomState) -> list[str]:
    """Present speakers the listener has not heard at all, from speech rather than from the floor."""
    tallies = state.speech.tallies
    return [
        m.id
        for m in state.present()
        if m.role in SPEAKING_ROLES and (m.id not in tallies or tallies[m.id].seconds <= 0)
    ]
