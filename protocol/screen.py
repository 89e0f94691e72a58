"""Screen sharing: the pixels go browser to browser over the mesh (a third track on each link); the
room decides who may share and who shares now, and browsers show a share only while the room says so.

One person shares at a time. In an `on_request` room participants `request_screen_share` and a
facilitator `allow_screen_share`s them (for one share); facilitators may always share, and
`end_screen_share` stops anyone's share for every screen.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

StreamId = Annotated[str, msgspec.Meta(min_length=1, max_length=limit("stream_id").n)]


class StartScreenShare(ClientCommand, frozen=True):
    """You capture your screen (getDisplayMedia) as the MediaStream `stream_id` and show it to the room.

    `conflict` while someone else shares; `forbidden` in an on-request room until a facilitator allows
    you. Then add the stream's track to every mesh link; others show it large, named as yours.
    """

    stream_id: StreamId
    example = {"stream_id": "{6f1c5a2e-screen}"}


class StopScreenShare(ClientCommand, frozen=True):
    """Stop showing your screen (also send it when the browser's own "Stop sharing" ends the track)."""

    example = {}


class RequestScreenShare(ClientCommand, frozen=True):
    """Ask the facilitators to let you share your screen (on-request rooms)."""

    example = {}


class AllowScreenShare(ClientCommand, frozen=True):
    """Let member `target` share their screen once (facilitators)."""

    target: Id
    example = {"target": "m-3f9a"}


class EndScreenShare(ClientCommand, frozen=True):
    """Stop whoever is sharing: the share leaves every screen, the sharer stops capturing (facilitators)."""

    example = {}


class SetSharePolicy(ClientCommand, frozen=True):
    """Who may share without asking: `everyone`, or `on_request` (facilitators share; others ask) (facilitators)."""

    policy: Literal["everyone", "on_request"]
    example = {"policy": "on_request"}
