"""The facilitation commands hypothesis scripts are made of (shared by the property tests)."""

from __future__ import annotations

from typing import Any

from rooms import Rejected
from rooms.agenda import commands as a
from rooms.floor import commands as f
from rooms.floor.state import StickOrder

MEMBERS = ["fac", "p1", "p2", "p3", "p4", "p5"]


def command(kind: str, who: str, other: str, amount: float) -> Any:
    table: dict[str, Any] = {
        "raise": lambda: f.RaiseHand(actor=who),
        "lower": lambda: f.LowerHand(actor=who),
        "lower_of": lambda: f.LowerHandOf(actor="fac", target=other),
        "clear": lambda: f.LowerAllHands(actor="fac"),
        "progressive": lambda: f.SetProgressiveStack(actor="fac", on=amount > 30),
        "call": lambda: f.CallNext(actor="fac", seconds=amount),
        "give": lambda: f.GiveFloor(actor="fac", target=other, seconds=amount),
        "end": lambda: f.EndTurn(actor="fac"),
        "finish": lambda: f.FinishTurn(actor=who),
        "pass": lambda: f.Pass(actor=who),
        "extend_turn": lambda: f.ExtendTurn(actor="fac", seconds=amount + 1),
        "stick": lambda: f.StartStickRound(
            actor="fac", how=StickOrder.RANDOM if amount > 30 else StickOrder.ROOM, turn_seconds=amount + 5
        ),
        "stop": lambda: f.StopStickRound(actor="fac"),
        "start": lambda: a.StartAgenda(actor="fac"),
        "pause": lambda: a.PauseAgenda(actor="fac"),
        "resume": lambda: a.ResumeAgenda(actor="fac"),
        "extend": lambda: a.ExtendPhase(actor="fac", seconds=amount + 1),
        "skip": lambda: a.SkipPhase(actor="fac"),
        "back": lambda: a.PreviousPhase(actor="fac"),
        "reset": lambda: a.ResetAgenda(actor="fac"),
        "ready": lambda: a.MarkReady(actor=who),
        "typing": lambda: a.MarkTyping(actor=who),
    }
    return table[kind]()


KINDS = [
    "raise", "lower", "lower_of", "clear", "progressive", "call", "give", "end", "finish", "pass",
    "extend_turn", "stick", "stop", "start", "pause", "resume", "extend", "skip", "back", "reset",
    "ready", "typing", "wait", "wait", "wait", "leave", "join",
]  # fmt: skip


def play(room: Any, kind: str, who: str, other: str, amount: float) -> None:
    """One step that is not a wait: a member leaves, joins, or sends a command (a refusal is fine)."""
    if kind == "leave":
        if who != "fac" and room.state.admitted(who):
            room.leave(who)
    elif kind == "join":
        if who != "fac" and not room.state.admitted(who):
            room.join(who)
    else:
        try:
            room.do(command(kind, who, other, amount))
        except Rejected:
            pass
