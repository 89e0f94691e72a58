"""State of the room's board (filled by its feature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BoardState:
    """Placeholder until the board feature lands."""
