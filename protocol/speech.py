"""Commands about recording the session's audio (rooms/speech). Measured speech has no client
command: only the server's listener reports it (system commands through the room's writer)."""

from __future__ import annotations

from protocol.messages import ClientCommand


class StartRecording(ClientCommand, frozen=True):
    """Start recording the session's audio (facilitators). Everyone gets `RecordingStarted` naming
    who started it, anyone opening the link sees it before joining (`GET /api/rooms/{id}/notice`),
    and members who declined are never in the files. Refused with `conflict` while one runs."""

    example = {}


class StopRecording(ClientCommand, frozen=True):
    """Stop the recording (facilitators); each member's track is listed in the record with its length."""

    example = {}


class DeclineRecording(ClientCommand, frozen=True):
    """Say no to being recorded, before or during a recording: your microphone is never written."""

    example = {}


class AcceptRecording(ClientCommand, frozen=True):
    """Withdraw your refusal: from now on your microphone is recorded like the others'."""

    example = {}
