"""How moderation is decided and applied.

Practice: a code of conduct is only as good as its enforcement, and in a peer group the facilitator
holds that role ("the facilitator protects the container"). Taking down a card or a drawing must
not punish the group: dots spent on a removed card go back to their voters so they can vote again,
and taking down an anonymous card never tells anyone (the facilitator included) who wrote it; the
author alone is told their card was removed, so they know why it disappeared.
"""

from __future__ import annotations

from rooms.base import Event
from rooms.board.state import BoardState
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.membership.rules import clean_text
from rooms.moderation import commands as c
from rooms.moderation import events as e
from rooms.rules import Rules
from rooms.state import RoomState

rules = Rules("moderation.rules")

REASON_MAX = limit("removal_reason").n


def _reason(text: str) -> str:
    return clean_text(text, REASON_MAX, "a reason")


@rules.decider(c.RemoveCard)
def remove_card(state: RoomState, cmd: c.RemoveCard, now: float) -> list[Event]:
    r = state.reflections
    card = r.cards.get(cmd.card_id)
    if card is None:
        raise Rejected(Code.NOT_FOUND, f"no card {cmd.card_id!r}")
    refunds = {voter: dots[card.id] for voter, dots in r.votes.items() if dots.get(card.id)}
    return [
        e.CardRemoved(
            at=now, card_id=card.id, author=card.author, by=cmd.actor, reason=_reason(cmd.reason), refunds=refunds
        )
    ]


@rules.decider(c.RemoveElement)
def remove_element(state: RoomState, cmd: c.RemoveElement, now: float) -> list[Event]:
    if cmd.id not in state.board.elements:
        raise Rejected(Code.NOT_FOUND, f"no element {cmd.id!r} on the board")
    return [e.ElementRemoved(at=now, id=cmd.id, by=cmd.actor, reason=_reason(cmd.reason))]


@rules.applier(e.CardRemoved)
def card_removed(state: RoomState, ev: e.CardRemoved) -> None:
    r = state.reflections
    if r.cards.pop(ev.card_id, None) is not None:
        r.removed_cards += 1
    for per_card in r.votes.values():
        per_card.pop(ev.card_id, None)


def _forget(board: BoardState, element_id: str) -> None:
    """Drop `element_id` from every history, so no undo or redo can bring it back."""
    for h in board.history.values():
        h.forget(element_id)


@rules.applier(e.ElementRemoved)
def element_removed(state: RoomState, ev: e.ElementRemoved) -> None:
    board = state.board
    removed = board.elements.pop(ev.id, None)
    if removed is not None:
        board.tombstones[ev.id] = removed.version
    _forget(board, ev.id)
