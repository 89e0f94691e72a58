"""State of the room's agenda (filled by its feature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AgendaState:
    """Placeholder until the agenda feature lands."""
