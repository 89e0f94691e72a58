"""How reflections are decided and applied: cards, prompts and anonymity, reveal, grouping, dot
voting and action items.

The practice behind it: silent writing first (cards hidden until the facilitator reveals them, so
early voices do not anchor the rest), then clustering into named groups, then dot voting to choose
what to discuss, then action items with an owner and a date (AAR: "what will we do differently").
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from rooms.base import Event
from rooms.errors import Code, Rejected
from rooms.limits import limit
from rooms.membership.rules import clean_text
from rooms.reflections import commands as c
from rooms.reflections import events as e
from rooms.reflections.phase import current_mode
from rooms.reflections.state import ActionItem, Card, Group, ReflectionOverride, ReflectionsState
from rooms.rules import Rules
from rooms.spaces.where import space_of
from rooms.state import RoomState

rules = Rules("reflections.rules")

CARD_TEXT_MAX = limit("card_text").n
PROMPT_MAX = limit("card_prompt").n
PROMPTS_MAX = limit("prompts").n
CARDS_MAX = limit("cards").n
CARDS_PER_MEMBER = limit("cards_per_person").n
GROUP_NAME_MAX = limit("group_name").n
GROUPS_MAX = limit("groups").n
NOTE_MAX = limit("group_note").n
ACTION_TEXT_MAX = limit("action_text").n
ACTION_ITEMS_MAX = limit("action_items").n
OWNER_MAX = limit("action_owner").n
BUDGET_MAX = limit("dot_budget").n


def _card(r: ReflectionsState, card_id: str) -> Card:
    card = r.cards.get(card_id)
    if card is None:
        raise Rejected(Code.NOT_FOUND, f"no card {card_id!r}")
    return card


def _own_card(r: ReflectionsState, card_id: str, actor: str) -> Card:
    card = _card(r, card_id)
    if card.author != actor:
        raise Rejected(Code.FORBIDDEN, "you can change only your own cards")
    return card


def _group(r: ReflectionsState, group_id: str) -> Group:
    group = r.groups.get(group_id)
    if group is None:
        raise Rejected(Code.NOT_FOUND, f"no group {group_id!r}")
    return group


def _item(r: ReflectionsState, item_id: str) -> ActionItem:
    item = r.action_items.get(item_id)
    if item is None:
        raise Rejected(Code.NOT_FOUND, f"no action item {item_id!r}")
    return item


def _card_text(text: str) -> str:
    kept = clean_text(text, CARD_TEXT_MAX, "a card", allow_newlines=True)
    if not kept:
        raise Rejected(Code.BAD_VALUE, "a card needs some text")
    return kept


def _group_name(name: str) -> str:
    kept = clean_text(name, GROUP_NAME_MAX, "a group name")
    if not kept:
        raise Rejected(Code.BAD_VALUE, "a group needs a name")
    return kept


def _due(due: str) -> str:
    if not due:
        return ""
    try:
        return datetime.date.fromisoformat(due).isoformat()
    except ValueError:
        raise Rejected(Code.BAD_VALUE, "due dates are written YYYY-MM-DD") from None


def _override(state: RoomState, phase_id: str | None) -> ReflectionOverride:
    """The override to change: the current one, or a fresh one if it was for an earlier phase."""
    o = state.reflections.override
    if o.phase_id != phase_id:
        o = state.reflections.override = ReflectionOverride(phase_id=phase_id)
    return o


# -- cards ---------------------------------------------------------------------------------------


@rules.decider(c.WriteCard)
def write_card(state: RoomState, cmd: c.WriteCard, now: float) -> list[Event]:
    r = state.reflections
    mode = current_mode(state)
    if mode.prompts and cmd.prompt not in mode.prompts:
        raise Rejected(Code.BAD_VALUE, "answer one of the current prompts: " + " / ".join(mode.prompts))
    if not mode.prompts and cmd.prompt:
        raise Rejected(Code.BAD_VALUE, "there are no prompts now; send an empty prompt")
    text = _card_text(cmd.text)
    if len(r.cards) >= CARDS_MAX:
        raise Rejected(Code.LIMIT, f"a session holds at most {CARDS_MAX} cards")
    if sum(1 for card in r.cards.values() if card.author == cmd.actor) >= CARDS_PER_MEMBER:
        raise Rejected(Code.LIMIT, f"at most {CARDS_PER_MEMBER} cards per person")
    card = Card(
        id=f"c{r.counter + 1}",
        author=cmd.actor,
        prompt=cmd.prompt,
        text=text,
        anonymous=mode.anonymous,
        hidden=mode.hidden,
        written_at=now,
        space=space_of(state, cmd.actor),
    )
    return [e.CardWritten(at=now, card=card)]


@rules.decider(c.EditCard)
def edit_card(state: RoomState, cmd: c.EditCard, now: float) -> list[Event]:
    card = _own_card(state.reflections, cmd.card_id, cmd.actor)
    text = _card_text(cmd.text)
    return [] if text == card.text else [e.CardEdited(at=now, card=replace(card, text=text))]


@rules.decider(c.DeleteCard)
def delete_card(state: RoomState, cmd: c.DeleteCard, now: float) -> list[Event]:
    card = _own_card(state.reflections, cmd.card_id, cmd.actor)
    return [e.CardDeleted(at=now, card_id=card.id, author=card.author, space=card.space)]


@rules.decider(c.SetReflectionPrompts)
def set_prompts(state: RoomState, cmd: c.SetReflectionPrompts, now: float) -> list[Event]:
    if len(cmd.prompts) > PROMPTS_MAX:
        raise Rejected(Code.LIMIT, f"at most {PROMPTS_MAX} prompts")
    prompts = [clean_text(p, PROMPT_MAX, "a prompt") for p in cmd.prompts]
    if any(not p for p in prompts) or len(set(prompts)) != len(prompts):
        raise Rejected(Code.BAD_VALUE, "prompts must be distinct and not empty")
    return [e.ReflectionPromptsSet(at=now, prompts=prompts, phase_id=current_mode(state).phase_id)]


@rules.decider(c.SetAnonymous)
def set_anonymous(state: RoomState, cmd: c.SetAnonymous, now: float) -> list[Event]:
    return [e.AnonymitySet(at=now, anonymous=cmd.anonymous, phase_id=current_mode(state).phase_id)]


@rules.decider(c.SetCardsHidden)
def set_hidden(state: RoomState, cmd: c.SetCardsHidden, now: float) -> list[Event]:
    return [e.CardsHiddenSet(at=now, hidden=cmd.hidden, phase_id=current_mode(state).phase_id)]


@rules.decider(c.RevealCards)
def reveal_cards(state: RoomState, cmd: c.RevealCards, now: float) -> list[Event]:
    hidden = [replace(card, hidden=False) for card in state.reflections.cards.values() if card.hidden]
    return [e.CardsRevealed(at=now, cards=hidden)] if hidden else []


# -- groups --------------------------------------------------------------------------------------


@rules.decider(c.CreateGroup)
def create_group(state: RoomState, cmd: c.CreateGroup, now: float) -> list[Event]:
    r = state.reflections
    if len(r.groups) >= GROUPS_MAX:
        raise Rejected(Code.LIMIT, f"at most {GROUPS_MAX} groups")
    return [e.GroupCreated(at=now, group=Group(id=f"g{r.counter + 1}", name=_group_name(cmd.name)))]


@rules.decider(c.RenameGroup)
def rename_group(state: RoomState, cmd: c.RenameGroup, now: float) -> list[Event]:
    group = _group(state.reflections, cmd.group_id)
    name = _group_name(cmd.name)
    return [] if name == group.name else [e.GroupRenamed(at=now, group_id=group.id, name=name)]


@rules.decider(c.DeleteGroup)
def delete_group(state: RoomState, cmd: c.DeleteGroup, now: float) -> list[Event]:
    group = _group(state.reflections, cmd.group_id)
    return [e.GroupDeleted(at=now, group_id=group.id)]


@rules.decider(c.SetGroupNote)
def set_group_note(state: RoomState, cmd: c.SetGroupNote, now: float) -> list[Event]:
    group = _group(state.reflections, cmd.group_id)
    note = clean_text(cmd.note, NOTE_MAX, "a group note", allow_newlines=True)
    return [] if note == group.note else [e.GroupNoteSet(at=now, group_id=group.id, note=note)]


@rules.decider(c.MoveCard)
def move_card(state: RoomState, cmd: c.MoveCard, now: float) -> list[Event]:
    r = state.reflections
    card = _card(r, cmd.card_id)
    if card.hidden:
        raise Rejected(Code.WRONG_STATE, "hidden cards are grouped after they are revealed")
    if cmd.group_id:
        _group(r, cmd.group_id)
    return [] if card.group == cmd.group_id else [e.CardMoved(at=now, card_id=card.id, group_id=cmd.group_id)]


# -- dot voting ----------------------------------------------------------------------------------


@rules.decider(c.OpenVoting)
def open_voting(state: RoomState, cmd: c.OpenVoting, now: float) -> list[Event]:
    if state.reflections.voting.open:
        raise Rejected(Code.WRONG_STATE, "voting is already open")
    if not 1 <= cmd.budget <= BUDGET_MAX or not 1 <= cmd.per_card <= cmd.budget:
        raise Rejected(Code.BAD_VALUE, f"budget is 1-{BUDGET_MAX} dots and the per-card cap 1-budget")
    return [e.VotingOpened(at=now, budget=cmd.budget, per_card=cmd.per_card)]


@rules.decider(c.CloseVoting)
def close_voting(state: RoomState, cmd: c.CloseVoting, now: float) -> list[Event]:
    if not state.reflections.voting.open:
        raise Rejected(Code.WRONG_STATE, "voting is not open")
    return [e.VotingClosed(at=now, totals=state.reflections.totals())]


def _vote(state: RoomState, voter: str, card_id: str, delta: int, now: float) -> list[Event]:
    r = state.reflections
    if not r.voting.open:
        raise Rejected(Code.WRONG_STATE, "voting is not open")
    card = _card(r, card_id)
    if card.hidden:
        raise Rejected(Code.WRONG_STATE, "hidden cards cannot be voted on until revealed")
    mine = r.votes.get(voter, {})
    on_card = mine.get(card_id, 0) + delta
    if on_card < 0:
        raise Rejected(Code.WRONG_STATE, "you have no dot on this card")
    if on_card > r.voting.per_card:
        raise Rejected(Code.LIMIT, f"at most {r.voting.per_card} of your dots on one card")
    if delta > 0 and sum(mine.values()) + delta > r.voting.budget:
        raise Rejected(Code.LIMIT, f"you have spent all {r.voting.budget} dots; take one back first")
    total = r.totals().get(card_id, 0) + delta
    hidden = state.settings.vote_totals_hidden
    return [e.VoteChanged(at=now, voter=voter, card_id=card_id, mine=on_card, total=total, total_hidden=hidden)]


@rules.decider(c.CastVote)
def cast_vote(state: RoomState, cmd: c.CastVote, now: float) -> list[Event]:
    return _vote(state, cmd.actor, cmd.card_id, 1, now)


@rules.decider(c.RetractVote)
def retract_vote(state: RoomState, cmd: c.RetractVote, now: float) -> list[Event]:
    return _vote(state, cmd.actor, cmd.card_id, -1, now)


# -- action items --------------------------------------------------------------------------------


@rules.decider(c.AddActionItem)
def add_action_item(state: RoomState, cmd: c.AddActionItem, now: float) -> list[Event]:
    r = state.reflections
    if len(r.action_items) >= ACTION_ITEMS_MAX:
        raise Rejected(Code.LIMIT, f"at most {ACTION_ITEMS_MAX} action items")
    text = clean_text(cmd.text, ACTION_TEXT_MAX, "an action item")
    if not text:
        raise Rejected(Code.BAD_VALUE, "an action item needs some text")
    item = ActionItem(
        id=f"a{r.counter + 1}",
        text=text,
        owner=clean_text(cmd.owner, OWNER_MAX, "an owner"),
        due=_due(cmd.due),
        session=state.session,
    )
    return [e.ActionItemAdded(at=now, item=item)]


@rules.decider(c.UpdateActionItem)
def update_action_item(state: RoomState, cmd: c.UpdateActionItem, now: float) -> list[Event]:
    item = _item(state.reflections, cmd.item_id)
    new = item
    if cmd.text is not None:
        text = clean_text(cmd.text, ACTION_TEXT_MAX, "an action item")
        if not text:
            raise Rejected(Code.BAD_VALUE, "an action item needs some text")
        new = replace(new, text=text)
    if cmd.owner is not None:
        new = replace(new, owner=clean_text(cmd.owner, OWNER_MAX, "an owner"))
    if cmd.due is not None:
        new = replace(new, due=_due(cmd.due))
    if cmd.status is not None:
        new = replace(new, status=cmd.status)
    return [] if new == item else [e.ActionItemUpdated(at=now, item=new)]


@rules.decider(c.DeleteActionItem)
def delete_action_item(state: RoomState, cmd: c.DeleteActionItem, now: float) -> list[Event]:
    item = _item(state.reflections, cmd.item_id)
    return [e.ActionItemDeleted(at=now, item_id=item.id)]


# -- appliers ------------------------------------------------------------------------------------


@rules.applier(e.CardWritten)
def card_written(state: RoomState, ev: e.CardWritten) -> None:
    r = state.reflections
    r.cards[ev.card.id] = replace(ev.card)
    r.counter += 1


@rules.applier(e.CardEdited)
def card_edited(state: RoomState, ev: e.CardEdited) -> None:
    state.reflections.cards[ev.card.id].text = ev.card.text


@rules.applier(e.CardDeleted)
def card_deleted(state: RoomState, ev: e.CardDeleted) -> None:
    r = state.reflections
    del r.cards[ev.card_id]
    for per_card in r.votes.values():
        per_card.pop(ev.card_id, None)


@rules.applier(e.CardsRevealed)
def cards_revealed(state: RoomState, ev: e.CardsRevealed) -> None:
    for shown in ev.cards:
        card = state.reflections.cards.get(shown.id)
        if card is not None:
            card.hidden = False


@rules.applier(e.ReflectionPromptsSet)
def prompts_set(state: RoomState, ev: e.ReflectionPromptsSet) -> None:
    o = _override(state, ev.phase_id)
    o.prompts = list(ev.prompts) or None


@rules.applier(e.AnonymitySet)
def anonymity_set(state: RoomState, ev: e.AnonymitySet) -> None:
    o = _override(state, ev.phase_id)
    o.anonymous = ev.anonymous


@rules.applier(e.CardsHiddenSet)
def cards_hidden_set(state: RoomState, ev: e.CardsHiddenSet) -> None:
    o = _override(state, ev.phase_id)
    o.hidden = ev.hidden


@rules.applier(e.GroupCreated)
def group_created(state: RoomState, ev: e.GroupCreated) -> None:
    r = state.reflections
    r.groups[ev.group.id] = replace(ev.group)
    r.counter += 1


@rules.applier(e.GroupRenamed)
def group_renamed(state: RoomState, ev: e.GroupRenamed) -> None:
    state.reflections.groups[ev.group_id].name = ev.name


@rules.applier(e.GroupDeleted)
def group_deleted(state: RoomState, ev: e.GroupDeleted) -> None:
    r = state.reflections
    del r.groups[ev.group_id]
    for card in r.cards.values():
        if card.group == ev.group_id:
            card.group = ""


@rules.applier(e.GroupNoteSet)
def group_note_set(state: RoomState, ev: e.GroupNoteSet) -> None:
    state.reflections.groups[ev.group_id].note = ev.note


@rules.applier(e.CardMoved)
def card_moved(state: RoomState, ev: e.CardMoved) -> None:
    state.reflections.cards[ev.card_id].group = ev.group_id


@rules.applier(e.VotingOpened)
def voting_opened(state: RoomState, ev: e.VotingOpened) -> None:
    v = state.reflections.voting
    v.open, v.budget, v.per_card = True, ev.budget, ev.per_card
    state.reflections.votes.clear()


@rules.applier(e.VotingClosed)
def voting_closed(state: RoomState, ev: e.VotingClosed) -> None:
    state.reflections.voting.open = False


@rules.applier(e.VoteChanged)
def vote_changed(state: RoomState, ev: e.VoteChanged) -> None:
    mine = state.reflections.votes.setdefault(ev.voter, {})
    if ev.mine:
        mine[ev.card_id] = ev.mine
    else:
        mine.pop(ev.card_id, None)


@rules.applier(e.ActionItemAdded)
def action_item_added(state: RoomState, ev: e.ActionItemAdded) -> None:
    r = state.reflections
    r.action_items[ev.item.id] = replace(ev.item)
    r.counter += 1


@rules.applier(e.ActionItemUpdated)
def action_item_updated(state: RoomState, ev: e.ActionItemUpdated) -> None:
    state.reflections.action_items[ev.item.id] = replace(ev.item)


@rules.applier(e.ActionItemDeleted)
def action_item_deleted(state: RoomState, ev: e.ActionItemDeleted) -> None:
    state.reflections.action_items.pop(ev.item_id, None)
    if ev.item_id in state.reflections.carried_over:
        state.reflections.carried_over.remove(ev.item_id)
