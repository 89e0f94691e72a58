// Reducers for who speaks: the browser-side twins of rooms/floor (hands.py, turns.py, airtime.py).
import { leads, member, reducer, viewer } from "../store.js";

/** Whether this viewer is shown the airtime tally (rooms/floor/views.py): facilitators, or everyone by choice. */
export function seesAirtime(state) {
  return state.settings?.airtime_visible_to === "everyone" || leads(member(state, viewer.id)?.role);
}

/** Add the speaker's current stretch to airtime (as rooms/floor/airtime.py `bank`). */
export function bank(state, at) {
  const turn = state.floor.speaker;
  if (!turn || turn.paused_at !== null) return;
  const seconds = Math.max(0, at - turn.since);
  if (seesAirtime(state)) {
    const perPhase = (state.floor.airtime[turn.member_id] ||= {});
    perPhase[turn.phase_id] = (perPhase[turn.phase_id] || 0) + seconds;
  }
  turn.held += seconds;
  turn.since = at;
}

export function freezeTurn(state, at) {
  const turn = state.floor.speaker;
  if (turn && turn.paused_at === null) {
    bank(state, at);
    turn.paused_at = at;
  }
}

export function thawTurn(state, at) {
  const turn = state.floor.speaker;
  if (!turn || turn.paused_at === null) return;
  const shift = at - turn.paused_at;
  for (const k of ["ends_at", "warn_at", "handover_at"]) if (turn[k] !== null) turn[k] += shift;
  turn.paused_at = null;
  turn.since = at;
}

/** Seconds each member has held the floor, the live stretch included. */
export function airtime(state, now) {
  const out = {};
  for (const [id, perPhase] of Object.entries(state.floor.airtime || {})) {
    out[id] = Object.values(perPhase).reduce((a, b) => a + b, 0);
  }
  const turn = state.floor.speaker;
  if (turn && turn.paused_at === null) out[turn.member_id] = (out[turn.member_id] || 0) + Math.max(0, now - turn.since);
  return out;
}

reducer("HandRaised", (s, d) => s.floor.hands.splice(d.position, 0, { member_id: d.member_id, raised_at: d.at }));
reducer("HandLowered", (s, d) => (s.floor.hands = s.floor.hands.filter((h) => h.member_id !== d.member_id)));
reducer("HandsCleared", (s) => (s.floor.hands = []));
reducer("HandsReordered", (s, d) => {
  const byId = Object.fromEntries(s.floor.hands.map((h) => [h.member_id, h]));
  s.floor.hands = d.order.map((id) => byId[id]).filter(Boolean);
});
reducer("ProgressiveStackSet", (s, d) => (s.floor.progressive = d.on));

reducer("TurnStarted", (s, d) => {
  s.floor.speaker = {
    member_id: d.member_id,
    started_at: d.at,
    phase_id: d.phase_id,
    since: d.at,
    held: 0,
    ends_at: d.ends_at ?? null,
    warn_at: d.warn_at ?? null,
    handover_at: d.handover_at ?? null,
    warned: false,
    time_up: false,
    paused_at: null,
    stick: d.stick,
  };
  const stick = s.floor.stick;
  if (d.stick && stick && stick.order.includes(d.member_id)) stick.next_index = stick.order.indexOf(d.member_id) + 1;
  if (s.agenda.status === "paused") freezeTurn(s, d.at);
});
reducer("TurnWarned", (s) => s.floor.speaker && (s.floor.speaker.warned = true));
reducer("TurnTimeUp", (s) => {
  if (s.floor.speaker) Object.assign(s.floor.speaker, { warned: true, time_up: true });
});
reducer("TurnExtended", (s, d) => {
  const turn = s.floor.speaker;
  if (!turn) return;
  Object.assign(turn, { ends_at: d.ends_at, warn_at: d.warn_at, handover_at: d.handover_at, time_up: false, warned: d.warn_at === null });
});
reducer("TurnEnded", (s, d) => {
  const turn = s.floor.speaker;
  if (!turn || turn.member_id !== d.member_id) return;
  bank(s, d.at);
  const stick = s.floor.stick;
  if (turn.stick && stick && !stick.done.includes(d.member_id)) {
    stick.done.push(d.member_id);
    if (d.reason === "passed") stick.passed.push(d.member_id);
  }
  s.floor.speaker = null;
});
reducer("StickPassed", (s, d) => {
  const stick = s.floor.stick;
  if (stick) {
    stick.passed.push(d.member_id);
    stick.done.push(d.member_id);
  }
});
reducer("StickRoundStarted", (s, d) => {
  s.floor.stick = {
    order: [...d.order],
    how: d.how,
    turn_seconds: d.turn_seconds,
    warning_seconds: d.warning_seconds,
    grace_seconds: d.grace_seconds,
    next_index: 0,
    done: [],
    passed: [],
    phase_id: d.phase_id || "",
    include_facilitators: Boolean(d.include_facilitators),
  };
});
// A latecomer goes to the end of the round's order, so nobody is skipped.
reducer("StickRoundJoined", (s, d) => {
  const stick = s.floor.stick;
  if (stick && !stick.order.includes(d.member_id)) stick.order.push(d.member_id);
});
reducer("AirtimeVisibilitySet", (s, d) => {
  s.settings.airtime_visible_to = d.visible_to;
  if (!leads(member(s, viewer.id)?.role)) s.floor.airtime = d.visible_to === "everyone" ? structuredClone(d.airtime) : {};
});
reducer("StickRoundEnded", (s, d) => {
  const turn = s.floor.speaker;
  if (turn && turn.stick) {
    bank(s, d.at);
    s.floor.speaker = null;
  }
  s.floor.stick = null;
});
