"""Media signalling: the WebRTC mesh's offers, answers and ICE candidates, relayed member to member.

Rooms are small (5-8 people), so each browser sends its audio and video straight to every other
(a mesh); the server only carries the handshake. These messages are ephemeral: relayed to the one
member named in `to`, on whichever node that member is connected, and never logged.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import msgspec

from protocol.messages import ClientCommand, Id
from rooms.limits import limit

#: an SDP with several tracks is a few kilobytes; the message size limit still applies on top
Payload = Annotated[dict[str, Any], msgspec.Meta(max_length=limit("signal_fields").n)]


class Signal(ClientCommand, frozen=True):
    """One step of the WebRTC handshake with member `to`: an SDP offer or answer, or an ICE candidate.

    The receiver gets socket.io `relay` {type: "signal", member_id: <sender>, data: {kind, session, payload}}.
    `payload` is what the browser produced: `{type, sdp}` for offer/answer, `RTCIceCandidateInit` for ice.
    """

    ephemeral: ClassVar[bool] = True
    to: Id
    kind: Literal["offer", "answer", "ice"]
    #: the sender's page-load id: a new one means the peer reloaded, so the old connection is dropped
    session: Id
    payload: Payload
    example = {"to": "m-3f9a", "kind": "offer", "session": "k2j4h5", "payload": {"type": "offer", "sdp": "v=0\r\n..."}}


class AskMute(ClientCommand, frozen=True):
    """A facilitator asks member `to` to mute their microphone (the member's browser mutes and says so).

    A request, never a remote switch: the member's own browser acts on it, and only when the sender
    is a facilitator in the room it sees (a microphone is the member's own, so the room cannot hold it).
    """

    ephemeral: ClassVar[bool] = True
    to: Id
    example = {"to": "m-3f9a"}


class MediaState(ClientCommand, frozen=True):
    """Tell the others whether your microphone and camera are on (shown on your tile), or tell one (`to`)."""

    ephemeral: ClassVar[bool] = True
    audio: bool
    video: bool
    to: Id | None = None
    example = {"audio": True, "video": False}
