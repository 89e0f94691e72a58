// The room as this browser knows it. A snapshot replaces it; each event type has one small reducer.
// Events carry full data, so a reducer never needs to ask the server anything.

/** event type -> (state, data, seq) => void; features register theirs with `reducer`. */
const REDUCERS = new Map();

export function reducer(type, fn) {
  REDUCERS.set(type, fn);
}

/** Who this browser is (set at join): a few reducers depend on what this viewer may see. */
export const viewer = { id: null };

/** Features that keep a client-side shape of their part fix it up on every snapshot. */
const ON_SNAPSHOT = [];

export function onSnapshot(fn) {
  ON_SNAPSHOT.push(fn);
}

export class RoomStore {
  constructor() {
    this.state = null;
    this.seq = 0;
    this.listeners = new Set();
    /** server time minus local time, so countdowns agree with the server's clock */
    this.skew = 0;
  }

  /** Server time now, in seconds (timers in state are server times). */
  now() {
    return Date.now() / 1000 + this.skew;
  }

  syncClock(serverNow) {
    if (typeof serverNow === "number") this.skew = serverNow - Date.now() / 1000;
  }

  snapshot({ seq, now, state }) {
    this.syncClock(now);
    this.state = state;
    this.seq = seq;
    for (const fn of ON_SNAPSHOT) fn(state);
    this.emit({ type: "snapshot" });
  }

  /** Apply one event in arrival order; anything at or below the seq we hold is a duplicate. */
  event({ seq, type, data }) {
    if (this.state === null || seq <= this.seq) return;
    // `Redacted`: an event at this seq that is not for us (a hidden card's edit); nothing to apply,
    // but the seq moves on, so the stream has no gap.
    const fn = type === "Redacted" ? null : REDUCERS.get(type);
    if (fn) fn(this.state, data, seq);
    this.state.seq = seq;
    this.seq = seq;
    this.emit({ type, data, seq });
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(change) {
    for (const fn of this.listeners) fn(change, this.state);
  }
}

export function member(state, id) {
  return state?.members.find((m) => m.id === id);
}

/** Admitted members who have not left, in join order. */
export function present(state) {
  return (state?.members || []).filter((m) => m.admission === "admitted" && m.presence !== "left");
}

export const leads = (role) => role === "facilitator" || role === "co_facilitator";

/** Whether `role` may send the command `event`: the server's permission table, sent in every snapshot. */
export const may = (state, event, role) => Boolean(state?.permissions?.[event]?.includes(role));
