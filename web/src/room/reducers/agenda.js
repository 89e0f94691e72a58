// Reducers for the agenda and its clock: the browser-side twins of rooms/agenda/appliers.py.
import { reducer } from "../store.js";
import { bank, freezeTurn, thawTurn } from "./floor.js";

function clearPhase(a) {
  Object.assign(a, {
    ends_at: null, warn_at: null, remaining: null, paused_at: null, time_up_at: null, grace_until: null, next_rotation_at: null,
    warned: false, advance_due: false, ready: [], typing: {}, groups: [], roles: {}, rotation: 0,
  });
}

function leavePause(s, at) {
  if (s.agenda.status === "paused") thawTurn(s, at);
}

/** Edit the phase list while keeping `index` on the same (current) phase. */
function keepCurrent(s, phases) {
  const a = s.agenda;
  const current = a.index >= 0 && a.index < a.phases.length ? a.phases[a.index].id : null;
  a.phases = phases;
  if (current !== null) a.index = phases.findIndex((p) => p.id === current);
}

/** An open-floor speaker outlasting the agenda now speaks outside any phase. */
function rebank(s, at) {
  if (s.floor.speaker) {
    bank(s, at);
    s.floor.speaker.phase_id = "";
  }
}

reducer("AgendaLoaded", (s, d) => {
  const a = s.agenda;
  Object.assign(a, { phases: [...d.phases], template: d.template, index: -1, status: "idle" });
  clearPhase(a);
});
reducer("PhaseAdded", (s, d) => {
  const phases = [...s.agenda.phases];
  phases.splice(d.position, 0, d.phase);
  keepCurrent(s, phases);
  s.agenda.template = "";
});
reducer("PhaseUpdated", (s, d) => {
  // The event carries the phase after the change: the reducer only puts it in its place.
  s.agenda.phases = s.agenda.phases.map((p) => (p.id === d.phase.id ? d.phase : p));
  s.agenda.template = "";
});
reducer("PhaseRemoved", (s, d) => {
  keepCurrent(s, s.agenda.phases.filter((p) => p.id !== d.phase_id));
  s.agenda.template = "";
});
reducer("PhaseMoved", (s, d) => {
  const phases = [...s.agenda.phases];
  const moving = phases.find((p) => p.id === d.phase_id);
  phases.splice(phases.indexOf(moving), 1);
  phases.splice(d.position, 0, moving);
  keepCurrent(s, phases);
  s.agenda.template = "";
});
reducer("PhaseStarted", (s, d) => {
  leavePause(s, d.at);
  const a = s.agenda;
  clearPhase(a);
  Object.assign(a, {
    index: d.index, status: "running", phase_started_at: d.at, ends_at: d.ends_at, warn_at: d.warn_at,
    groups: d.groups.map((g) => ({ members: [...g] })), roles: { ...d.roles }, next_rotation_at: d.next_rotation_at,
  });
  if (s.floor.speaker) {
    bank(s, d.at);
    s.floor.speaker.phase_id = d.phase_id;
  }
});
reducer("PhaseWarned", (s) => (s.agenda.warned = true));
reducer("PhaseTimeUp", (s, d) => {
  const a = s.agenda;
  if (a.status === "overtime" && a.advance_due) return;
  Object.assign(a, { status: "overtime", warned: true, time_up_at: d.at, advance_due: d.advance_due, grace_until: d.grace_until });
});
reducer("PhaseEnded", (s) => (s.agenda.ready = []));
reducer("AgendaFinished", (s, d) => {
  leavePause(s, d.at);
  clearPhase(s.agenda);
  Object.assign(s.agenda, { status: "finished", index: s.agenda.phases.length });
  rebank(s, d.at);
});
reducer("AgendaReset", (s, d) => {
  leavePause(s, d.at);
  clearPhase(s.agenda);
  Object.assign(s.agenda, { status: "idle", index: -1 });
  rebank(s, d.at);
});
reducer("AgendaPaused", (s, d) => {
  Object.assign(s.agenda, { status: "paused", remaining: d.remaining, paused_at: d.at });
  freezeTurn(s, d.at);
});
reducer("AgendaResumed", (s, d) => {
  thawTurn(s, d.at);
  Object.assign(s.agenda, { status: "running", remaining: null, paused_at: null, ends_at: d.ends_at, warn_at: d.warn_at, next_rotation_at: d.next_rotation_at });
});
reducer("PhaseExtended", (s, d) => {
  const a = s.agenda;
  if (d.remaining !== null) {
    a.remaining = d.remaining;
    return;
  }
  Object.assign(a, {
    status: "running", ends_at: d.ends_at, warn_at: d.warn_at, warned: d.warn_at === null,
    time_up_at: null, grace_until: null, advance_due: false,
  });
});
reducer("ReadyMarked", (s, d) => {
  const ready = s.agenda.ready;
  if (d.ready && !ready.includes(d.member_id)) ready.push(d.member_id);
  else if (!d.ready) s.agenda.ready = ready.filter((id) => id !== d.member_id);
});
reducer("TypingMarked", (s, d) => (s.agenda.typing[d.member_id] = d.until));
reducer("RolesRotated", (s, d) => Object.assign(s.agenda, { rotation: d.rotation, roles: { ...d.roles }, next_rotation_at: d.next_rotation_at }));
