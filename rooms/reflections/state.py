"""State of the room's reflections (filled by its feature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReflectionsState:
    """Placeholder until the reflections feature lands."""
