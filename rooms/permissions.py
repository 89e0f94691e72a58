"""Who may do what: the one table every command is checked against.

The core refuses a command with `forbidden` unless the actor's role is listed for it here; a
command missing from the table is refused for everyone. System commands (a socket joining or
dropping, a timer firing) come from the server itself and are not in the table. docs/protocol.md
prints this table, and tests/rooms/test_permissions.py tries every role on every command.

Rules that depend on more than the role (a participant lowers only their *own* hand) are separate
commands, so the table stays a table. Floor commands act on the floor the sender is on: during a
small-group phase whose groups have their own floor, a participant's is their group's, a visiting
facilitator's the visited group's (rooms/floor/where.py); `give_floor` and `lower_hand_of` act on
the named member's.
"""

from __future__ import annotations

from rooms.agenda import commands as a
from rooms.base import Command, event_name
from rooms.board import commands as b
from rooms.chat import commands as chat
from rooms.floor import commands as f
from rooms.membership import commands as m
from rooms.moderation import commands as mod
from rooms.reflections import commands as r
from rooms.screen import commands as screen
from rooms.sessions.commands import EndSession, StartNextSession
from rooms.spaces import commands as sp
from rooms.speech import commands as speech
from rooms.state import Role

FACILITATORS = frozenset({Role.FACILITATOR, Role.CO_FACILITATOR})
LEAD = frozenset({Role.FACILITATOR})
SPEAKERS = FACILITATORS | {Role.PARTICIPANT}
EVERYONE = SPEAKERS | {Role.OBSERVER}

PERMISSIONS: dict[type[Command], frozenset[Role]] = {
    # membership
    m.Leave: EVERYONE,
    m.Rename: EVERYONE,
    m.LockRoom: FACILITATORS,
    m.UnlockRoom: FACILITATORS,
    m.Admit: FACILITATORS,
    m.Deny: FACILITATORS,
    m.RemoveMember: FACILITATORS,
    m.HandOff: LEAD,
    m.ClaimFacilitator: frozenset({Role.CO_FACILITATOR}),
    m.SetRole: LEAD,
    m.SetRoomSettings: FACILITATORS,
    # floor: hands, talking stick, airtime (issue: facilitation)
    f.RaiseHand: SPEAKERS,
    f.LowerHand: SPEAKERS,
    f.FinishTurn: SPEAKERS,
    f.Pass: SPEAKERS,
    f.LowerHandOf: FACILITATORS,
    f.LowerAllHands: FACILITATORS,
    f.ReorderHands: FACILITATORS,
    f.SetProgressiveStack: FACILITATORS,
    f.CallNext: FACILITATORS,
    f.GiveFloor: FACILITATORS,
    f.EndTurn: FACILITATORS,
    f.ExtendTurn: FACILITATORS,
    f.StartStickRound: FACILITATORS,
    f.StopStickRound: FACILITATORS,
    f.SetAirtimeVisibility: FACILITATORS,
    # agenda: rounds, phases, protocols (issue: facilitation)
    a.MarkReady: SPEAKERS,
    a.MarkTyping: SPEAKERS,
    a.StartAgenda: FACILITATORS,
    a.PauseAgenda: FACILITATORS,
    a.ResumeAgenda: FACILITATORS,
    a.ExtendPhase: FACILITATORS,
    a.SkipPhase: FACILITATORS,
    a.PreviousPhase: FACILITATORS,
    a.ResetAgenda: FACILITATORS,
    a.LoadTemplate: FACILITATORS,
    a.AddPhase: FACILITATORS,
    a.UpdatePhase: FACILITATORS,
    a.RemovePhase: FACILITATORS,
    a.MovePhase: FACILITATORS,
    # board: whiteboard (issue: whiteboard and reflections). Observers watch; they do not draw.
    b.AddElement: SPEAKERS,
    b.UpdateElement: SPEAKERS,
    b.DeleteElement: SPEAKERS,
    b.UndoBoard: SPEAKERS,
    b.RedoBoard: SPEAKERS,
    b.ClearBoard: FACILITATORS,
    # reflections: cards, votes, action items (issue: whiteboard and reflections)
    r.WriteCard: SPEAKERS,
    r.EditCard: SPEAKERS,
    r.DeleteCard: SPEAKERS,
    r.SetReflectionPrompts: FACILITATORS,
    r.SetAnonymous: FACILITATORS,
    r.SetCardsHidden: FACILITATORS,
    r.RevealCards: FACILITATORS,
    r.CreateGroup: SPEAKERS,
    r.RenameGroup: SPEAKERS,
    r.DeleteGroup: SPEAKERS,
    r.SetGroupNote: SPEAKERS,
    r.MoveCard: SPEAKERS,
    r.OpenVoting: FACILITATORS,
    r.CloseVoting: FACILITATORS,
    r.CastVote: SPEAKERS,
    r.RetractVote: SPEAKERS,
    r.AddActionItem: SPEAKERS,
    r.UpdateActionItem: SPEAKERS,
    r.DeleteActionItem: SPEAKERS,
    # moderation: upholding the code of conduct. Any facilitator may take down anyone's card or drawing.
    mod.RemoveCard: FACILITATORS,
    mod.RemoveElement: FACILITATORS,
    # chat: everyone in the room may write (observers too: a question in writing is how they take
    # part); only facilitators take a message down or keep the chat out of the record
    chat.SendChatMessage: EVERYONE,
    chat.RemoveChatMessage: FACILITATORS,
    chat.SetChatInRecord: FACILITATORS,
    # screen sharing: speakers share (by the room's rule, rooms/screen/rules.py); facilitators set
    # the rule, allow those who ask, and stop any share
    screen.StartScreenShare: SPEAKERS,
    screen.StopScreenShare: SPEAKERS,
    screen.RequestScreenShare: SPEAKERS,
    screen.AllowScreenShare: FACILITATORS,
    screen.EndScreenShare: FACILITATORS,
    screen.SetSharePolicy: FACILITATORS,
    # spaces: small groups with their own call, board page and cards (issue 10)
    sp.ArrangeGroups: FACILITATORS,
    sp.MoveToGroup: FACILITATORS,
    sp.ReshuffleGroups: FACILITATORS,
    sp.VisitGroup: FACILITATORS,
    sp.EndVisit: FACILITATORS,
    sp.AnnounceToGroups: FACILITATORS,
    sp.SetReturnTiming: FACILITATORS,
    sp.CallGroupsBack: FACILITATORS,
    sp.WriteGroupNote: frozenset({Role.PARTICIPANT}),
    # observers pick a group to watch; they never speak
    sp.WatchGroup: frozenset({Role.OBSERVER}),
    # sessions: the room meets again
    StartNextSession: LEAD,
    EndSession: FACILITATORS,
    # speech: recording only when announced; anyone may say no for themselves (issue 15)
    speech.StartRecording: FACILITATORS,
    speech.StopRecording: FACILITATORS,
    speech.DeclineRecording: EVERYONE,
    speech.AcceptRecording: EVERYONE,
}


def allowed_roles(command: type[Command]) -> frozenset[Role]:
    """The roles that may send `command` (empty: nobody)."""
    return PERMISSIONS.get(command, frozenset())


#: Relayed (ephemeral) messages are never logged and have no room command, but some are still a
#: facilitator's to send: asking someone to mute is a facilitation act, not a peer's. Keyed by the
#: socket.io event name; a relay not listed here may be sent by any admitted member.
RELAY_PERMISSIONS: dict[str, frozenset[Role]] = {
    "ask_mute": FACILITATORS,
    # a reaction is the speakers' nod; observers watch (they write in the chat if they must)
    "react": SPEAKERS,
}


def relay_allowed(event: str, role: Role) -> bool:
    """Whether `role` may send the relayed message `event`."""
    allowed = RELAY_PERMISSIONS.get(event)
    return allowed is None or role in allowed


def permission_table() -> dict[str, list[Role]]:
    """socket.io event name -> the roles that may send it: what a client shows its controls by
    (sent in every snapshot, so no client copies role lists). A relay not listed: every member."""
    table = {event_name(kind.__name__): sorted(roles) for kind, roles in PERMISSIONS.items()}
    table.update({event: sorted(roles) for event, roles in RELAY_PERMISSIONS.items()})
    return dict(sorted(table.items()))
