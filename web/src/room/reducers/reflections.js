// Reducers for reflection cards, groups, dot votes and action items: the browser-side twins of
// rooms/reflections/rules.py. Card data arrives already projected for this viewer (no anonymous author).
import { onSnapshot, reducer } from "../store.js";

const r = (s) => s.reflections;
const card = (s, id) => r(s).cards.find((c) => c.id === id);

/** The running phase's id, as rooms/agenda's current_phase sees it ("" outside the agenda). */
function phaseId(s) {
  const a = s.agenda;
  if (!a || !Array.isArray(a.phases)) return null;
  return ["running", "paused", "overtime"].includes(a.status) && a.phases[a.index] ? a.phases[a.index].id : null;
}

/**
 * Prompts, anonymity and hiding in force now: the facilitator's override for this phase, else the
 * phase's own (rooms/reflections/phase.py `current_mode`). A snapshot gives the resolved values, which
 * we keep as the override for the phase they were resolved in.
 */
export function mode(s) {
  const a = s.agenda;
  const id = phaseId(s);
  const phase = id !== null ? a.phases[a.index] : null;
  let prompts = phase ? (phase.prompts?.length ? phase.prompts : phase.prompt ? [phase.prompt] : []) : [];
  let anonymous = phase ? Boolean(phase.anonymous) : false;
  let hidden = false;
  const o = r(s).override;
  if (o && o.phase_id === id) {
    if (o.prompts !== null) prompts = o.prompts;
    if (o.anonymous !== null) anonymous = o.anonymous;
    if (o.hidden !== null) hidden = o.hidden;
  }
  return { prompts, anonymous, hidden };
}

onSnapshot((s) => {
  if (!s.reflections || !Array.isArray(s.reflections.cards)) return;
  const x = s.reflections;
  x.override = { phase_id: phaseId(s), prompts: x.prompts, anonymous: x.anonymous, hidden: x.hidden };
});

function override(s, id) {
  const x = r(s);
  if (!x.override || x.override.phase_id !== id) x.override = { phase_id: id ?? null, prompts: null, anonymous: null, hidden: null };
  return x.override;
}

function dotsLeft(s) {
  const x = r(s);
  x.voting.my_dots_left = x.voting.budget - x.cards.reduce((n, c) => n + (c.my_votes || 0), 0);
}

reducer("CardWritten", (s, d) => {
  r(s).cards = r(s).cards.filter((c) => c.id !== d.card.id);
  r(s).cards.push({ ...d.card, votes: 0, my_votes: 0 });
});
reducer("CardEdited", (s, d) => {
  const c = card(s, d.card.id);
  if (c) Object.assign(c, d.card);
});
reducer("CardDeleted", (s, d) => {
  r(s).cards = r(s).cards.filter((c) => c.id !== d.card_id);
  dotsLeft(s);
});
reducer("CardsRevealed", (s, d) => {
  for (const shown of d.cards) {
    const c = card(s, shown.id);
    if (c) Object.assign(c, shown, { hidden: false });
  }
});
reducer("ReflectionPromptsSet", (s, d) => (override(s, d.phase_id).prompts = d.prompts.length ? [...d.prompts] : null));
reducer("AnonymitySet", (s, d) => (override(s, d.phase_id).anonymous = d.anonymous));
reducer("CardsHiddenSet", (s, d) => (override(s, d.phase_id).hidden = d.hidden));
reducer("GroupCreated", (s, d) => r(s).groups.push({ ...d.group }));
reducer("GroupRenamed", (s, d) => {
  const g = r(s).groups.find((x) => x.id === d.group_id);
  if (g) g.name = d.name;
});
reducer("GroupDeleted", (s, d) => {
  r(s).groups = r(s).groups.filter((x) => x.id !== d.group_id);
  for (const c of r(s).cards) if (c.group === d.group_id) c.group = "";
});
reducer("GroupNoteSet", (s, d) => {
  const g = r(s).groups.find((x) => x.id === d.group_id);
  if (g) g.note = d.note;
});
reducer("CardMoved", (s, d) => {
  const c = card(s, d.card_id);
  if (c) c.group = d.group_id;
});
reducer("VotingOpened", (s, d) => {
  Object.assign(r(s).voting, { open: true, budget: d.budget, per_card: d.per_card, my_dots_left: d.budget });
  for (const c of r(s).cards) Object.assign(c, { votes: 0, my_votes: 0 });
});
// Closing reveals totals the room hid while voting ran (`votes: null` until then).
reducer("VotingClosed", (s, d) => {
  r(s).voting.open = false;
  for (const c of r(s).cards) c.votes = d.totals?.[c.id] ?? c.votes ?? 0;
});
reducer("VoteChanged", (s, d) => {
  const c = card(s, d.card_id);
  if (!c) return;
  c.votes = d.total;
  if (d.mine != null) c.my_votes = d.mine;
  dotsLeft(s);
});
reducer("ActionItemAdded", (s, d) => r(s).action_items.push({ ...d.item }));
reducer("ActionItemUpdated", (s, d) => {
  const i = r(s).action_items.findIndex((x) => x.id === d.item.id);
  if (i >= 0) r(s).action_items[i] = { ...d.item };
});
reducer("ActionItemDeleted", (s, d) => {
  r(s).action_items = r(s).action_items.filter((x) => x.id !== d.item_id);
  r(s).carried_over = r(s).carried_over.filter((id) => id !== d.item_id);
});
