"""State of screen sharing: the room's rule, the one person sharing, and who asked or was allowed.

The pixels go browser to browser (the mesh); the room decides who may send them. Browsers show a
share only while this state names its sharer and its stream, so a share the room stopped, or never
allowed, is not shown anywhere (the sharer's own browser stops capturing too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SharePolicy(StrEnum):
    """Who may share a screen without asking."""

    #: any participant (and the facilitators)
    EVERYONE = "everyone"
    #: the facilitators; participants ask, and a facilitator allows them
    ON_REQUEST = "on_request"


@dataclass
class ScreenState:
    """Screen sharing in the room now."""

    policy: SharePolicy = SharePolicy.EVERYONE
    #: the member sharing now (one at a time: a group looks at one thing together)
    sharer: str | None = None
    #: the MediaStream id of the share, so browsers tell it from the sharer's camera
    stream_id: str = ""
    started_at: float | None = None
    #: participants who asked to share, in order (on-request rooms)
    requests: list[str] = field(default_factory=list)
    #: participants a facilitator allowed to share (until they have shared once)
    allowed: list[str] = field(default_factory=list)
