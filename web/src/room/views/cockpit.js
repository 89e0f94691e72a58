// The facilitator's cockpit: the next actions of a running session in one bar under the top bar,
// never below the fold (laptop or phone): who knocks (Admit / Deny), the hand queue and "Next
// speaker", the step and its timer with Pause/Resume, +1 min and "Next step". The sidebar keeps the
// full controls; this bar repeats only what a facilitator reaches for every few minutes.
import { $, clock, h, refill, spokenClock } from "../../dom.js";
import { myFloor } from "../reducers/floor.js";
import { leads, may, member } from "../store.js";

/** How many knocking people the notice names with their own buttons (the rest: "Admit all"). */
const NAMED_KNOCKERS = 3;

export class CockpitView {
  constructor(ctx) {
    this.ctx = ctx;
    this.bar = h("section.cockpit#cockpit", { "aria-label": "Facilitator's next actions", hidden: true });
    this.lobby = h("div.cockpit-lobby#lobby-notice", { role: "region", "aria-label": "Waiting to come in", hidden: true });
    this.floor = h("div.cockpit-part.cockpit-floor");
    this.agenda = h("div.cockpit-part.cockpit-agenda");
    this.session = h("div.cockpit-part.cockpit-session");
    this.bar.append(this.lobby, this.floor, this.agenda, this.session);
    $(".topbar").append(this.bar);
    /** beeps played for knocks (the browser tests read it: a sound cannot be looked at) */
    this.beeps = 0;
    this.audio = null;
    setInterval(() => this.tick(), 1000);
  }

  render(change, state) {
    const me = this.ctx.me();
    const on = leads(me.role);
    this.bar.hidden = !on;
    if (!on) return;
    this.renderLobby(state);
    this.renderFloor(state, me);
    this.renderAgenda(state);
    this.renderSession(state, me);
    this.tick();
    if (change.type === "MemberKnocked") this.beep();
  }

  // Each part is rebuilt only when what it shows changed (dom.js `refill`): a facilitator's click or
  // keyboard focus on a next action survives the room's other events.

  renderLobby(state) {
    const waiting = state.members.filter((m) => m.admission === "waiting");
    this.lobby.hidden = waiting.length === 0;
    document.body.classList.toggle("knocking", waiting.length > 0);
    const send = this.ctx.send;
    const name = (m) => m.name || "Someone";
    refill(this.lobby, JSON.stringify(waiting.map((m) => [m.id, m.name])), () =>
      waiting.length
        ? [
            h("strong.cockpit-lobby-count", {}, waiting.length === 1 ? "1 waiting to come in" : `${waiting.length} waiting to come in`),
            waiting.slice(0, NAMED_KNOCKERS).map((m) =>
              h(
                "span.knocker",
                { dataset: { memberId: m.id } },
                h("span.knocker-name", {}, name(m)),
                h("button.small.primary", { onclick: () => send("admit", { target: m.id }), "aria-label": `Admit ${name(m)}` }, "Admit"),
                h("button.small", { onclick: () => send("deny", { target: m.id }), "aria-label": `Deny ${name(m)}` }, "Deny"),
              ),
            ),
            waiting.length > 1 ? h("button.small#cockpit-admit-all", { onclick: () => waiting.forEach((m) => send("admit", { target: m.id })) }, "Admit all") : null,
          ]
        : [],
    );
  }

  renderFloor(state, me) {
    if (!Array.isArray(state.floor?.hands)) return refill(this.floor, "", () => []);
    const floor = myFloor(state); // a visiting facilitator's buttons act on the visited group's floor
    const name = (id) => member(state, id)?.name || "Someone";
    const sp = floor.speaker;
    const hands = floor.hands;
    const label = sp ? (sp.member_id === me.id ? "You have the floor" : `${name(sp.member_id)} has the floor`) : "Nobody has the floor";
    const handsText = hands.length ? `Hands: ${hands.slice(0, 4).map((x, i) => `${i + 1} ${name(x.member_id)}`).join(", ")}${hands.length > 4 ? ` and ${hands.length - 4} more` : ""}` : "No hands raised";
    refill(this.floor, JSON.stringify([label, Boolean(sp), handsText]), () => [
      h("span.cockpit-label", {}, label),
      sp ? h("span.countdown.cockpit-timer#cockpit-turn-timer", { role: "timer", "aria-label": "Time left in this turn" }) : null,
      h("span.cockpit-hands#cockpit-hands", {}, handsText),
      h("button.small.primary#cockpit-next-speaker", { disabled: !hands.length, onclick: () => this.ctx.send("call_next", { seconds: this.turnSeconds() }) }, "Next speaker"),
      sp ? h("button.small#cockpit-end-turn", { onclick: () => this.ctx.send("end_turn") }, "End turn") : null,
    ]);
  }

  /** The turn length the floor panel offers (its select), so both "Next speaker" buttons agree. */
  turnSeconds() {
    return Number($("#turn-seconds")?.value ?? 120);
  }

  renderAgenda(state) {
    const a = state.agenda;
    if (!Array.isArray(a?.phases) || !a.phases.length) return refill(this.agenda, "", () => []);
    const send = (cmd, data) => () => this.ctx.send(cmd, data);
    const started = a.status !== "idle" && a.status !== "finished";
    const phase = a.index >= 0 && a.index < a.phases.length ? a.phases[a.index] : null;
    const next = a.phases[a.index + 1];
    const label = phase && started ? `Step ${a.index + 1} of ${a.phases.length}: ${phase.title}` : a.status === "finished" ? "Agenda finished" : `Agenda: ${a.phases.length} steps`;
    refill(this.agenda, JSON.stringify([label, a.status, next?.title ?? null, phase?.id ?? null]), () => [
      h("span.cockpit-label", {}, label),
      started ? h("span.countdown.cockpit-timer#cockpit-phase-timer", { role: "timer", "aria-label": "Time left in this step" }) : null,
      !started && a.status !== "finished" ? h("button.small.primary#cockpit-start", { onclick: send("start_agenda") }, "Start the agenda") : null,
      a.status === "paused" ? h("button.small.primary#cockpit-resume", { onclick: send("resume_agenda") }, "Resume") : null,
      a.status === "running" || a.status === "overtime" ? h("button.small#cockpit-pause", { onclick: send("pause_agenda") }, "Pause") : null,
      started ? h("button.small#cockpit-extend", { onclick: send("extend_phase", { seconds: 60 }), title: "One more minute for this step" }, "+1 min") : null,
      started ? h("button.small#cockpit-next-step", { onclick: send("skip_phase", { phase_id: phase?.id }), title: next ? `Next: ${next.title}` : "End the agenda" }, next ? "Next step" : "Finish") : null,
      started && next ? h("span.muted.small.cockpit-next", {}, `Next: ${next.title}`) : null,
    ]);
  }

  /**
   * The session's own next actions, here rather than down the sidebar: once the agenda is finished,
   * "End the session"; once it is ended, the record to download (facilitators may export it).
   */
  renderSession(state, me) {
    const known = "ended_at" in state;
    const ended = known && state.ended_at !== null;
    const mayEnd = known && !ended && state.agenda?.status === "finished" && may(state, "end_session", me.role);
    refill(this.session, JSON.stringify([mayEnd, ended]), () => [
      mayEnd ? h("button.small.primary#cockpit-end-session", { onclick: () => this.ctx.endSession() }, "End the session") : null,
      ended ? h("button.small.primary#cockpit-record", { onclick: () => this.ctx.reflections.download("record", "md"), title: "The session record as a Markdown file" }, "Download the record") : null,
    ]);
  }

  /** Once a second: the two timers as text, labelled so nobody mistakes the turn's for the step's. */
  tick() {
    const state = this.ctx.store.state;
    if (this.bar.hidden || !state) return;
    const now = this.ctx.store.now();
    const turn = this.bar.querySelector("#cockpit-turn-timer");
    const sp = Array.isArray(state.floor?.hands) ? myFloor(state).speaker : null;
    if (turn && sp) {
      const at = sp.paused_at ?? now;
      const left = sp.ends_at === null ? null : sp.ends_at - at;
      turn.textContent = left === null ? `Turn: ${clock(sp.held + (sp.paused_at === null ? at - sp.since : 0))}` : left > 0 ? `Turn: ${clock(left)} left` : "Turn: time is up";
      turn.setAttribute("aria-label", left === null ? "Turn time so far" : left > 0 ? `${spokenClock(left)} left in this turn` : "Time is up for this turn");
    }
    const step = this.bar.querySelector("#cockpit-phase-timer");
    const a = state.agenda;
    if (step && a) {
      const left = a.status === "paused" ? a.remaining : a.status === "overtime" ? 0 : a.ends_at !== null ? a.ends_at - now : null;
      if (left !== null) {
        step.textContent = a.status === "overtime" ? "Step: time is up" : `Step: ${clock(left)}${a.status === "paused" ? " (paused)" : ""}`;
        step.setAttribute("aria-label", a.status === "overtime" ? "Time is up for this step" : `${spokenClock(left)} left in this step`);
      }
    }
  }

  /** A short two-tone chime when someone knocks (WebAudio: no sound file to fetch, nothing to block). */
  beep() {
    try {
      this.audio ||= new AudioContext();
      const ac = this.audio;
      if (ac.state === "suspended") ac.resume();
      const t = ac.currentTime;
      for (const [i, freq] of [880, 660].entries()) {
        const osc = ac.createOscillator();
        const gain = ac.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, t + i * 0.18);
        gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.18 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.16);
        osc.connect(gain).connect(ac.destination);
        osc.start(t + i * 0.18);
        osc.stop(t + i * 0.18 + 0.17);
      }
      this.beeps += 1;
    } catch {
      // No audio output (or not allowed yet): the visible notice still says it.
    }
  }
}
