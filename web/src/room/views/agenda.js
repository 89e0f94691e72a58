// The agenda: the phase, its prompt and timer, the steps, "I'm ready", and the facilitator's
// clock controls, templates and live airtime.
import { $, clock, fill, h, spokenClock } from "../../dom.js";
import { airtime, seesAirtime } from "../reducers/floor.js";
import { confirmInPage } from "../confirm.js";
import { shortcut } from "../shortcuts.js";
import { may, member, present } from "../store.js";

export const hasAgenda = (state) => Array.isArray(state?.agenda?.phases);

/** The templates shipped in rooms/agenda/templates/ (name -> what a facilitator picks). */
const TEMPLATES = [
  ["check-in", "Check-in round"],
  ["aar", "After Action Review"],
  ["t-group", "T-group"],
  ["coaching-triad", "Coaching triad"],
  ["reciprocal-teaching", "Reciprocal teaching"],
  ["1-2-4-all", "1-2-4-All"],
];
const MODES = { open: "Open discussion", talking_stick: "Talking stick", silent_writing: "Silent writing", pairs: "Small groups" };
const STATUS = { idle: "Not started", running: "Running", paused: "Paused", overtime: "Time is up", finished: "Finished" };

export class AgendaView {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = h("section.panel.agenda#agenda-panel", { "aria-labelledby": "agenda-title", hidden: true });
    this.airtimePanel = h("section.panel#airtime-panel", { "aria-labelledby": "airtime-title", hidden: true });
    $("#sidebar").prepend(this.panel);
    $("#facilitator-panel").after(this.airtimePanel);
    this.current = h("div.phase-now");
    this.steps = h("ol.steps");
    this.controls = h("div.agenda-controls");
    this.panel.append(h("h2#agenda-title", {}, "Agenda"), this.current, this.steps, this.controls);
    this.bars = h("ul.list.airtime");
    this.airtimeChoice = h("div");
    this.airtimePanel.append(h("h2#airtime-title", {}, "Airtime"), h("p.muted.small", {}, "Who has held the floor, against an equal share (the line)."), this.bars, this.airtimeChoice);
    $("#btn-ready").onclick = () => this.toggleReady();
    shortcut("r", "Say you are ready (done with this phase)", () => this.toggleReady());
    setInterval(() => this.tick(), 1000);
  }

  toggleReady() {
    const state = this.ctx.store.state;
    if (!hasAgenda(state) || state.agenda.status === "idle") return;
    const ready = state.agenda.ready.includes(this.ctx.me().id);
    this.ctx.send("mark_ready", { ready: !ready });
  }

  phase(state) {
    const a = state.agenda;
    return a.index >= 0 && a.index < a.phases.length ? a.phases[a.index] : null;
  }

  render(change, state) {
    const on = hasAgenda(state);
    this.panel.hidden = !on;
    const me = this.ctx.me();
    const lead = may(state, "start_agenda", me.role);
    this.airtimePanel.hidden = !on || !seesAirtime(state);
    this.renderAirtimeChoice(state, lead);
    const running = on && ["running", "paused", "overtime"].includes(state.agenda.status);
    $("#btn-ready").hidden = !running || !may(state, "mark_ready", me.role);
    if (!on) return;
    const a = state.agenda;
    const mine = a.ready.includes(me.id);
    $("#btn-ready").setAttribute("aria-pressed", String(mine));
    $("#btn-ready").classList.toggle("active", mine);
    $("#btn-ready .label").textContent = mine ? "Not ready" : "Ready";
    const p = this.phase(state);
    const count = present(state).filter((m) => m.role !== "observer").length;
    fill(
      this.current,
      p
        ? [
            h("div.phase-head", {}, h("span.badge", {}, `Step ${a.index + 1} of ${a.phases.length}`), h("span.badge", {}, MODES[p.mode] || p.mode), p.anonymous ? h("span.badge.feature", {}, "anonymous") : null),
            h("div.phase-title", {}, p.title),
            p.prompt ? h("p.prompt", {}, p.prompt) : null,
            h("div.timer-label.muted.small", { "aria-hidden": "true" }, "Phase timer: time left in this step"),
            h("div.countdown.big#phase-timer", { role: "timer", "aria-label": "Time left in this step" }),
            h("div.muted.small", {}, `${STATUS[a.status] || a.status} · ${a.ready.length} of ${count} ready`),
            a.groups.length ? this.groups(state) : null,
          ]
        : h("p.muted", {}, state.ended_at ? "The session has ended." : a.status === "finished" ? "The agenda is finished." : a.phases.length ? "The agenda has not started yet." : "No agenda yet."),
    );
    fill(
      this.steps,
      a.phases.map((x, i) =>
        h("li.step", { dataset: { state: i < a.index ? "done" : i === a.index ? "now" : "next" }, "aria-current": i === a.index ? "step" : null }, h("span", {}, x.title), h("span.muted.small", {}, clock(x.planned_seconds))),
      ),
    );
    this.renderControls(state, lead);
    this.tick();
    this.say(change, state);
  }

  groups(state) {
    const a = state.agenda;
    const name = (id) => member(state, id)?.name || "?";
    return h(
      "ul.list.groups",
      { "aria-label": "Small groups" },
      a.groups.map((g, i) => h("li", {}, h("strong", {}, `Group ${i + 1}: `), g.members.map((id) => `${name(id)}${a.roles[id] ? ` (${a.roles[id]})` : ""}`).join(", "))),
    );
  }

  renderControls(state, lead) {
    if (!lead) {
      fill(this.controls);
      return;
    }
    const a = state.agenda;
    const send = (cmd, data) => () => this.ctx.send(cmd, data);
    const template = h("select.small#template", { "aria-label": "Template" }, TEMPLATES.map(([v, t]) => h("option", { value: v, selected: v === (a.template || "check-in") }, t)));
    const started = a.status !== "idle" && a.status !== "finished";
    // The phase this facilitator sees: a second click, or a retry, never moves the agenda twice.
    const seen = { phase_id: a.phases[a.index]?.id };
    fill(
      this.controls,
      h("div.row", {}, template, h("button.small", { onclick: () => this.loadTemplate(template) }, "Load template")),
      h(
        "div.row",
        {},
        !started ? h("button.primary.small#btn-agenda-start", { onclick: send("start_agenda"), disabled: !a.phases.length }, "Start") : null,
        a.status === "paused" ? h("button.primary.small#btn-agenda-resume", { onclick: send("resume_agenda") }, "Resume") : null,
        a.status === "running" || a.status === "overtime" ? h("button.small#btn-agenda-pause", { onclick: send("pause_agenda") }, "Pause") : null,
        started ? h("button.small", { onclick: send("extend_phase", { seconds: 60 }) }, "+1 min") : null,
        started ? h("button.small", { onclick: send("extend_phase", { seconds: 300 }) }, "+5 min") : null,
        started ? h("button.small", { onclick: send("previous_phase", seen) }, "Back") : null,
        started ? h("button.small#btn-agenda-skip", { onclick: send("skip_phase", seen) }, "Next step") : null,
        a.status !== "idle" ? h("button.small.danger", { onclick: () => this.reset() }, "Reset") : null,
      ),
    );
  }

  /** Loading a template replaces the agenda: ask first (in the page, not with confirm()). */
  async loadTemplate(select) {
    const label = select.selectedOptions[0]?.textContent || select.value;
    if (this.ctx.store.state.agenda.phases.length && !(await confirmInPage(`Replace the agenda with "${label}"?`, "Replace it"))) return;
    this.ctx.send("load_template", { name: select.value });
  }

  async reset() {
    if (!(await confirmInPage("Reset the agenda? It goes back before the first step; the steps stay.", "Reset it"))) return;
    this.ctx.send("reset_agenda");
  }

  tick() {
    const state = this.ctx.store.state;
    if (!hasAgenda(state)) return;
    const a = state.agenda;
    const now = this.ctx.store.now();
    const timer = this.panel.querySelector("#phase-timer");
    if (timer) {
      let left = a.status === "paused" ? a.remaining : a.ends_at !== null ? a.ends_at - now : null;
      if (a.status === "overtime") left = 0;
      if (left !== null) {
        timer.textContent = a.status === "overtime" ? "Time is up" : clock(left);
        timer.setAttribute("aria-label", a.status === "overtime" ? "Time is up" : `${spokenClock(left)} left${a.status === "paused" ? ", paused" : ""}`);
        timer.classList.toggle("paused", a.status === "paused");
        timer.classList.toggle("warned", a.warned);
      }
    }
    if (!this.airtimePanel.hidden) this.renderAirtime(state, now);
  }

  /** Facilitators choose who sees airtime; hidden by default, since numbers on every screen can shame. */
  renderAirtimeChoice(state, lead) {
    if (!lead) return fill(this.airtimeChoice);
    const everyone = state.settings?.airtime_visible_to === "everyone";
    const box = h("input#airtime-everyone", { type: "checkbox", checked: everyone });
    box.addEventListener("change", () => this.ctx.send("set_airtime_visibility", { visible_to: box.checked ? "everyone" : "facilitators" }));
    fill(this.airtimeChoice, h("label.check", {}, box, " Show airtime to everyone"));
  }

  renderAirtime(state, now) {
    const seconds = airtime(state, now);
    const people = present(state).filter((m) => m.role === "participant" || seconds[m.id]);
    const total = Object.values(seconds).reduce((x, y) => x + y, 0);
    const equal = people.length ? 1 / people.length : 0;
    fill(
      this.bars,
      people.map((m) => {
        const share = total ? (seconds[m.id] || 0) / total : 0;
        return h(
          "li.airtime-row",
          {},
          h("span.airtime-name", {}, m.name),
          h("span.bar", { role: "img", "aria-label": `${Math.round(share * 100)} percent of the floor` }, h("span.fill", { style: `width:${Math.round(share * 100)}%`, class: share > equal * 1.5 ? "fill over" : "fill" }), h("span.equal", { style: `left:${Math.round(equal * 100)}%` })),
          h("span.small", {}, seconds[m.id] ? clock(seconds[m.id]) : "not yet"),
        );
      }),
    );
  }

  say(change, state) {
    const d = change.data || {};
    if (change.type === "PhaseStarted") {
      const p = state.agenda.phases[d.index];
      this.ctx.announce(`Step ${d.index + 1}: ${p?.title}. ${spokenClock(d.ends_at - d.at)}.${p?.prompt ? ` ${p.prompt}` : ""}`);
    } else if (change.type === "PhaseWarned") {
      this.ctx.announce(`${spokenClock(d.ends_at - this.ctx.store.now())} left in this step`);
    } else if (change.type === "PhaseTimeUp") {
      this.ctx.announce("Time is up for this step");
    } else if (change.type === "AgendaPaused") {
      this.ctx.announce("The facilitator paused the clock");
    } else if (change.type === "AgendaResumed") {
      this.ctx.announce("The clock runs again");
    } else if (change.type === "AgendaFinished") {
      this.ctx.announce("The agenda is finished");
    } else if (change.type === "AirtimeVisibilitySet") {
      this.ctx.announce(d.visible_to === "everyone" ? "Airtime is now shown to everyone" : "Airtime is now shown to the facilitators only");
    }
  }
}
