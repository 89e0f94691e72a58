"""State of the room's floor (filled by its feature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FloorState:
    """Placeholder until the floor feature lands."""
