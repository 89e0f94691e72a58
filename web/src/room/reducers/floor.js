// Reducers for who speaks: the browser-side twins of rooms/floor (hands.py, turns.py, airtime.py, groups.py).
// Every floor event carries `space`: "" for the main room's floor, a group's id for that group's own
// floor (when its phase asks for one); a floor this browser does not have (another group's) is skipped.
import { leads, member, reducer, viewer } from "../store.js";

/** Whether this viewer is shown the airtime tally (rooms/floor/views.py): facilitators, or everyone by choice. */
export function seesAirtime(state) {
  return state.settings?.airtime_visible_to === "everyone" || leads(member(state, viewer.id)?.role);
}

/** The floor `space` names ("" the main room's), as rooms/floor/where.py `floor_of`; null if this browser has none. */
export function floorOf(state, space) {
  if (!space) return state.floor;
  return state.floor?.spaces?.[space] || null;
}

/** Every floor this browser has: the main room's first, then the groups' own. */
export function floors(state) {
  return [["", state.floor], ...Object.entries(state.floor?.spaces || {})];
}

/** The key of the floor this browser is on: its group's own floor, if it has one, else the main room's. */
export function myFloorKey(state) {
  const mine = state.spaces?.mine || "";
  return mine && state.floor?.spaces?.[mine] ? mine : "";
}

/** The floor this browser is on (rooms/floor/where.py `floor_key`). */
export function myFloor(state) {
  return floorOf(state, myFloorKey(state));
}

/** Add a floor's speaker's current stretch to airtime (as rooms/floor/airtime.py `bank`). */
export function bank(state, at, floor = state.floor) {
  const turn = floor.speaker;
  if (!turn || turn.paused_at !== null) return;
  const seconds = Math.max(0, at - turn.since);
  if (seesAirtime(state)) {
    const perPhase = (state.floor.airtime[turn.member_id] ||= {});
    perPhase[turn.phase_id] = (perPhase[turn.phase_id] || 0) + seconds;
  }
  turn.held += seconds;
  turn.since = at;
}

function freezeOne(state, floor, at) {
  const turn = floor.speaker;
  if (turn && turn.paused_at === null) {
    bank(state, at, floor);
    turn.paused_at = at;
  }
}

export function freezeTurn(state, at) {
  for (const [, floor] of floors(state)) freezeOne(state, floor, at);
}

export function thawTurn(state, at) {
  for (const [, floor] of floors(state)) {
    const turn = floor.speaker;
    if (!turn || turn.paused_at === null) continue;
    const shift = at - turn.paused_at;
    for (const k of ["ends_at", "warn_at", "handover_at"]) if (turn[k] !== null) turn[k] += shift;
    turn.paused_at = null;
    turn.since = at;
  }
}

/** Seconds each member has held the floor, the live stretch (on every floor) included. */
export function airtime(state, now) {
  const out = {};
  for (const [id, perPhase] of Object.entries(state.floor.airtime || {})) {
    out[id] = Object.values(perPhase).reduce((a, b) => a + b, 0);
  }
  for (const [, floor] of floors(state)) {
    const turn = floor.speaker;
    if (turn && turn.paused_at === null) out[turn.member_id] = (out[turn.member_id] || 0) + Math.max(0, now - turn.since);
  }
  return out;
}

/** A floor event's reducer: `fn(state, floor, data)` on the floor the event names, if this browser has it. */
const onFloor = (fn) => (s, d) => {
  const f = floorOf(s, d.space);
  if (f) fn(s, f, d);
};

reducer("HandRaised", onFloor((s, f, d) => f.hands.splice(d.position, 0, { member_id: d.member_id, raised_at: d.at })));
reducer("HandLowered", onFloor((s, f, d) => (f.hands = f.hands.filter((h) => h.member_id !== d.member_id))));
reducer("HandsCleared", onFloor((s, f) => (f.hands = [])));
reducer("HandsReordered", onFloor((s, f, d) => {
  const byId = Object.fromEntries(f.hands.map((h) => [h.member_id, h]));
  f.hands = d.order.map((id) => byId[id]).filter(Boolean);
}));
reducer("ProgressiveStackSet", (s, d) => (s.floor.progressive = d.on));

reducer("TurnStarted", onFloor((s, f, d) => {
  f.speaker = {
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
  const stick = f.stick;
  if (d.stick && stick && stick.order.includes(d.member_id)) stick.next_index = stick.order.indexOf(d.member_id) + 1;
  if (s.agenda.status === "paused") freezeOne(s, f, d.at);
}));
reducer("TurnWarned", onFloor((s, f) => f.speaker && (f.speaker.warned = true)));
reducer("TurnTimeUp", onFloor((s, f) => {
  if (f.speaker) Object.assign(f.speaker, { warned: true, time_up: true });
}));
reducer("TurnExtended", onFloor((s, f, d) => {
  const turn = f.speaker;
  if (!turn) return;
  Object.assign(turn, { ends_at: d.ends_at, warn_at: d.warn_at, handover_at: d.handover_at, time_up: false, warned: d.warn_at === null });
}));
reducer("TurnEnded", onFloor((s, f, d) => {
  const turn = f.speaker;
  if (!turn || turn.member_id !== d.member_id) return;
  bank(s, d.at, f);
  const stick = f.stick;
  if (turn.stick && stick && !stick.done.includes(d.member_id)) {
    stick.done.push(d.member_id);
    if (d.reason === "passed") stick.passed.push(d.member_id);
  }
  f.speaker = null;
}));
reducer("StickPassed", onFloor((s, f, d) => {
  const stick = f.stick;
  if (stick) {
    stick.passed.push(d.member_id);
    stick.done.push(d.member_id);
  }
}));
reducer("StickRoundStarted", onFloor((s, f, d) => {
  f.stick = {
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
}));
// A latecomer goes to the end of the round's order, so nobody is skipped.
reducer("StickRoundJoined", onFloor((s, f, d) => {
  const stick = f.stick;
  if (stick && !stick.order.includes(d.member_id)) stick.order.push(d.member_id);
}));
reducer("AirtimeVisibilitySet", (s, d) => {
  s.settings.airtime_visible_to = d.visible_to;
  if (!leads(member(s, viewer.id)?.role)) s.floor.airtime = d.visible_to === "everyone" ? structuredClone(d.airtime) : {};
});
reducer("StickRoundEnded", onFloor((s, f, d) => {
  const turn = f.speaker;
  if (turn && turn.stick) {
    bank(s, d.at, f);
    f.speaker = null;
  }
  f.stick = null;
}));
// A small group's own floor (rooms/floor/groups.py): opened with its space, closed at the return.
reducer("FloorOpened", (s, d) => {
  if (!Array.isArray(s.floor?.hands)) return;
  (s.floor.spaces ||= {})[d.space] = { hands: [], speaker: null, stick: null };
});
reducer("FloorClosed", (s, d) => {
  if (s.floor?.spaces) delete s.floor.spaces[d.space];
});
