"""Reflections as each viewer may see them: the one place an author's identity is filtered.

Rules, for every viewer including facilitators: an anonymous card never shows its author (its
author sees `mine: true`); a hidden card shows its text to its author only; dot votes are shown as
totals per card, plus the viewer's own dots. Views read only the event and the viewer, so a replay
to a reconnecting client shows exactly what the live room showed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rooms.base import Event
from rooms.reflections import events as e
from rooms.reflections.phase import current_mode
from rooms.reflections.state import ActionItem, Card, Group, Voting
from rooms.rules import Rules
from rooms.state import RoomState
from rooms.viewer import Viewer

rules = Rules("reflections.views")


@dataclass(frozen=True, slots=True, kw_only=True)
class CardView:
    """A card as one viewer sees it: `author` null when anonymous, `text` "" when hidden from them;
    in a snapshot also its dot `votes` and the viewer's own `my_votes`."""

    id: str
    prompt: str
    text: str
    anonymous: bool
    author: str | None
    mine: bool
    hidden: bool
    group: str
    written_at: float
    #: the breakout space it was written in ("" for the main room)
    space: str = ""
    votes: int | None = 0
    my_votes: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class CardWrittenView:
    """CardWritten and CardEdited as each viewer gets them: the card as they may see it."""

    at: float
    card: CardView


@dataclass(frozen=True, slots=True, kw_only=True)
class CardDeletedView:
    """CardDeleted without its author: `mine` tells the author it was theirs."""

    at: float
    card_id: str
    mine: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CardsRevealedView:
    at: float
    cards: list[CardView]


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteChangedView:
    """A card's new dot `total`; `mine` (the voter's own dots on it) only for the voter, else null."""

    at: float
    card_id: str
    #: null while the room hides totals until voting closes
    total: int | None
    mine: int | None = None


def card_for(card: Card, viewer: Viewer, votes: int | None = 0, my_votes: int = 0) -> CardView:
    """A card as `viewer` sees it: no author if anonymous, no text if hidden from them."""
    mine = card.author == viewer.member_id
    concealed = card.hidden and not mine
    return CardView(
        id=card.id,
        prompt=card.prompt,
        text="" if concealed else card.text,
        anonymous=card.anonymous,
        author=None if card.anonymous else card.author,
        mine=mine,
        hidden=card.hidden,
        group=card.group,
        written_at=card.written_at,
        space=card.space,
        votes=votes,
        my_votes=my_votes,
    )


@rules.event_view(e.CardWritten)
def _written(ev: e.CardWritten, viewer: Viewer) -> CardWrittenView:
    return CardWrittenView(at=ev.at, card=card_for(ev.card, viewer))


@rules.event_view(e.CardEdited)
def _edited(ev: e.CardEdited, viewer: Viewer) -> CardWrittenView | None:
    view = card_for(ev.card, viewer)
    if ev.card.hidden and not view.mine:
        return None  # nothing others could see has changed
    return CardWrittenView(at=ev.at, card=view)


@rules.event_view(e.CardDeleted)
def _deleted(ev: e.CardDeleted, viewer: Viewer) -> CardDeletedView:
    return CardDeletedView(at=ev.at, card_id=ev.card_id, mine=ev.author == viewer.member_id)


@rules.event_view(e.CardsRevealed)
def _revealed(ev: e.CardsRevealed, viewer: Viewer) -> CardsRevealedView:
    return CardsRevealedView(at=ev.at, cards=[card_for(card, viewer) for card in ev.cards if viewer.sees(card.space)])


@rules.event_view(e.VoteChanged)
def _vote(ev: e.VoteChanged, viewer: Viewer) -> VoteChangedView:
    mine = ev.mine if ev.voter == viewer.member_id else None
    # Hidden totals are hidden from everyone, facilitators included: a facilitator's face nudges too.
    return VoteChangedView(at=ev.at, card_id=ev.card_id, total=None if ev.total_hidden else ev.total, mine=mine)


#: reflections events that name a member and so must never go out unprojected (tests check this)
PROJECTED: tuple[type[Event], ...] = (e.CardWritten, e.CardEdited, e.CardDeleted, e.CardsRevealed, e.VoteChanged)


@dataclass(kw_only=True)
class VotingView(Voting):
    """The dot vote, with how many dots the viewer has left."""

    my_dots_left: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReflectionsView:
    """The snapshot's `reflections`: the prompts and anonymity in force, and the board of cards."""

    prompts: list[str]
    anonymous: bool
    hidden: bool
    cards: list[CardView]
    groups: list[Group]
    voting: VotingView
    action_items: list[ActionItem]
    carried_over: list[str]


@rules.state_view("reflections")
def reflections_view(state: RoomState, viewer: Viewer) -> ReflectionsView:
    r = state.reflections
    mode = current_mode(state)
    totals = r.totals()
    mine = r.votes.get(viewer.member_id, {})
    # a group's card stays in the group until the harvest
    seen = [card for card in r.cards.values() if viewer.sees(card.space)]
    hide = state.settings.vote_totals_hidden and r.voting.open
    cards = [card_for(card, viewer, None if hide else totals.get(card.id, 0), mine.get(card.id, 0)) for card in seen]
    voting = VotingView(**asdict(r.voting), my_dots_left=r.voting.budget - sum(mine.values()))
    return ReflectionsView(
        prompts=list(mode.prompts),
        anonymous=mode.anonymous,
        hidden=mode.hidden,
        cards=cards,
        groups=list(r.groups.values()),
        voting=voting,
        action_items=list(r.action_items.values()),
        carried_over=list(r.carried_over),
    )
