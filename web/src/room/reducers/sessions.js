// The room meets again: the browser-side twin of rooms/sessions/rules.py's SessionStarted applier.
import { reducer } from "../store.js";
import { thawTurn } from "./floor.js";

// The facilitator closed the session: the agenda stops where it is (its phase kept for the record).
reducer("SessionEnded", (s, d) => {
  const a = s.agenda;
  if (Array.isArray(a?.phases) && a.status !== "idle") {
    if (a.status === "paused") thawTurn(s, d.at);
    Object.assign(a, {
      ends_at: null, warn_at: null, remaining: null, paused_at: null, time_up_at: null, grace_until: null,
      next_rotation_at: null, warned: false, advance_due: false, ready: [], typing: {}, groups: [], roles: {},
      rotation: 0, status: "finished",
    });
  }
  s.ended_at = d.at;
});

reducer("SessionStarted", (s, d) => {
  const old = s.reflections;
  if (Array.isArray(old?.cards)) {
    s.reflections = {
      ...old,
      cards: [],
      groups: [],
      voting: { open: false, budget: old.voting.budget, per_card: old.voting.per_card, my_dots_left: old.voting.budget },
      action_items: old.action_items.filter((a) => d.carried_over.includes(a.id)),
      carried_over: [...d.carried_over],
      override: null,
    };
  }
  if (Array.isArray(s.board?.elements)) s.board = { elements: [], can_undo: false, can_redo: false };
  if (Array.isArray(s.agenda?.phases)) {
    s.agenda = {
      ...s.agenda, index: -1, status: "idle", phase_started_at: 0, ends_at: null, warn_at: null, warned: false,
      remaining: null, paused_at: null, time_up_at: null, advance_due: false, grace_until: null, ready: [], typing: {}, groups: [],
      rotation: 0, next_rotation_at: null, roles: {},
    };
  }
  if (Array.isArray(s.floor?.hands)) s.floor = { hands: [], speaker: null, stick: null, progressive: s.floor.progressive, airtime: {}, spaces: {} };
  if (s.screen) s.screen = { policy: s.screen.policy, sharer: null, stream_id: "", started_at: null, requests: [], allowed: [] };
  if (Array.isArray(s.chat?.messages)) s.chat = { messages: [], in_record: s.chat.in_record };
  if (s.spaces) {
    Object.assign(s.spaces, {
      open: [], phase_id: "", mine: "", arranged: [], watching: {}, harvests: [],
      warned: [], warned_for: null, called_back_until: null, announced_return: null,
    });
  }
  s.session = d.session;
  s.ended_at = null;
});
