// Who speaks: the current speaker with the countdown, the hand queue with waiting times, the
// talking stick, and the facilitator's floor controls. The queue order is the server's, never ours.
// The floor shown is the one this browser is on: its small group's own (when the phase gives each
// group one; a visiting facilitator acts on it), else the main room's.
import { $, clock, fill, h, spokenClock } from "../../dom.js";
import { shortcut } from "../shortcuts.js";
import { myFloor, myFloorKey } from "../reducers/floor.js";
import { may, member } from "../store.js";
import { SpeakingOrder } from "./speaking-order.js";

export const hasFloor = (state) => Array.isArray(state?.floor?.hands);

export class FloorView {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = h("section.panel.floor#floor-panel", { "aria-labelledby": "floor-title", hidden: true });
    $("#sidebar").prepend(this.panel);
    this.speakerBox = h("div.speaker");
    this.stickBox = h("div.stick");
    this.queue = h("ol.list.hands#hands", { "aria-label": "Raised hands, in speaking order" });
    this.controls = h("div.floor-controls");
    this.panel.append(h("h2#floor-title", {}, "Floor"), this.speakerBox, this.stickBox, h("h3", {}, "Hands"), this.queue, this.controls);
    $("#btn-hand").onclick = () => this.toggleHand();
    shortcut("h", "Raise or lower your hand", () => this.toggleHand());
    shortcut("d", "Done speaking (hand the floor back)", () => this.mySpeech() && ctx.send("finish_turn"));
    setInterval(() => this.tick(), 1000);
  }

  name(id) {
    return member(this.ctx.store.state, id)?.name || "Someone";
  }

  myHand() {
    const me = this.ctx.me();
    return myFloor(this.ctx.store.state).hands.some((x) => x.member_id === me.id);
  }

  mySpeech() {
    return myFloor(this.ctx.store.state).speaker?.member_id === this.ctx.me().id;
  }

  toggleHand() {
    if (!hasFloor(this.ctx.store.state)) return;
    this.ctx.send(this.myHand() ? "lower_hand" : "raise_hand");
  }

  /** Badges on tiles and in the people list: the hand's place in the queue, the floor. */
  badges(state) {
    const out = new Map();
    if (!hasFloor(state)) return out;
    const floor = myFloor(state);
    floor.hands.forEach((x, i) => out.set(x.member_id, [`Hand ${i + 1}`]));
    const sp = floor.speaker;
    if (sp) out.set(sp.member_id, [...(out.get(sp.member_id) || []), "Has the floor"]);
    return out;
  }

  render(change, state) {
    const on = hasFloor(state);
    this.panel.hidden = !on;
    const me = this.ctx.me();
    const speaker = may(state, "raise_hand", me.role);
    $("#btn-hand").hidden = !on || !speaker || Boolean(state.ended_at); // hands stay down once the session ended
    if (!on) return;
    const mine = this.myHand();
    $("#btn-hand").setAttribute("aria-pressed", String(mine));
    $("#btn-hand").classList.toggle("active", mine);
    $("#btn-hand .label").textContent = mine ? "Lower hand" : "Raise hand";
    const group = myFloorKey(state) && state.spaces.open.find((g) => g.id === myFloorKey(state));
    this.panel.querySelector("#floor-title").textContent = group ? `${group.label}'s floor` : "Floor";
    this.panel.dataset.space = myFloorKey(state);
    this.renderSpeaker(state, me);
    this.renderStick(state, me);
    this.renderQueue(state, me);
    this.renderControls(state, me);
    this.say(change, state, me);
  }

  renderSpeaker(state, me) {
    const sp = myFloor(state).speaker;
    const stage = $("#now-speaking");
    stage.hidden = !sp;
    for (const tile of document.querySelectorAll(".tile")) tile.classList.toggle("has-floor", tile.dataset.memberId === sp?.member_id);
    if (sp) {
      fill(
        stage,
        h("span.now-label", {}, sp.member_id === me.id ? "You have the floor" : `${this.name(sp.member_id)} has the floor`),
        h("span.countdown#stage-timer", { role: "timer", "aria-label": "Time left in this turn" }),
      );
    }
    if (!sp) {
      fill(this.speakerBox, h("p.muted", {}, "Nobody has the floor."));
      return;
    }
    const isMe = sp.member_id === me.id;
    fill(
      this.speakerBox,
      h(
        "div.speaker-card",
        { class: sp.time_up ? "speaker-card time-up" : sp.warned ? "speaker-card warned" : "speaker-card" },
        h("div.speaker-name", {}, isMe ? "You have the floor" : `${this.name(sp.member_id)} has the floor`),
        h("div.timer-label.muted.small", { "aria-hidden": "true" }, "Turn timer"),
        h("div.countdown", { role: "timer", id: "turn-timer", "aria-label": "Time left in this turn" }),
        isMe ? h("div.row", {}, h("button.primary.small", { onclick: () => this.ctx.send("finish_turn") }, "I'm done"), sp.stick ? h("button.small", { onclick: () => this.ctx.send("pass") }, "Pass") : null) : null,
      ),
    );
    this.tick();
  }

  renderStick(state, me) {
    const floor = myFloor(state);
    const stick = floor.stick;
    if (!stick) {
      fill(this.stickBox);
      return;
    }
    const items = stick.order.map((id, i) => {
      const status = stick.passed.includes(id) ? "passed" : stick.done.includes(id) ? "done" : floor.speaker?.member_id === id ? "speaking" : i >= stick.next_index ? "waiting" : "";
      return h("li.stick-item", { dataset: { status } }, h("span", {}, this.name(id)), h("span.muted.small", {}, status));
    });
    const myTurnAhead = stick.order.includes(me.id) && !stick.done.includes(me.id) && floor.speaker?.member_id !== me.id;
    fill(
      this.stickBox,
      h("h3", {}, `Talking stick (${stick.how === "random" ? "random order" : "in order"})`),
      h("ol.list.stick-order", {}, items),
      myTurnAhead ? h("button.small", { onclick: () => this.ctx.send("pass") }, "Pass my turn") : null,
    );
  }

  renderQueue(state, me) {
    const lead = may(state, "call_next", me.role);
    const hands = myFloor(state).hands;
    if (!hands.length) {
      fill(this.queue, h("li.muted.empty", {}, "No hands raised."));
      return;
    }
    fill(
      this.queue,
      hands.map((x, i) =>
        h(
          "li.hand",
          { dataset: { memberId: x.member_id } },
          h("span.hand-pos", { "aria-hidden": "true" }, String(i + 1)),
          h("span.hand-name", {}, x.member_id === me.id ? `${this.name(x.member_id)} (you)` : this.name(x.member_id)),
          h("span.hand-wait.muted.small", { dataset: { since: x.raised_at } }),
          lead
            ? h(
                "span.row",
                {},
                h("button.small", { onclick: () => this.ctx.send("give_floor", { target: x.member_id, seconds: this.turnSeconds() }), "aria-label": `Give floor to ${this.name(x.member_id)}` }, "Give floor"),
                h("button.small", { onclick: () => this.ctx.send("lower_hand_of", { target: x.member_id }), "aria-label": `Lower ${this.name(x.member_id)}'s hand` }, "Lower"),
              )
            : null,
        ),
      ),
    );
    this.tick();
  }

  turnSeconds() {
    return Number(this.panel.querySelector("#turn-seconds")?.value || 0);
  }

  renderControls(state, me) {
    if (!may(state, "call_next", me.role)) {
      fill(this.controls);
      return;
    }
    if (this.controls.dataset.built) {
      const floor = myFloor(state);
      this.controls.querySelector("#btn-end-turn").disabled = !floor.speaker;
      this.controls.querySelector("#btn-extend-turn").disabled = !floor.speaker;
      this.controls.querySelector("#btn-call-next").disabled = !floor.hands.length;
      this.controls.querySelector("#btn-stick").textContent = floor.stick ? "Stop the round" : "Start a talking-stick round";
      this.controls.querySelector("#progressive").checked = state.floor.progressive;
      this.order?.render();
      return;
    }
    this.controls.dataset.built = "1";
    const seconds = h(
      "select.small#turn-seconds",
      { "aria-label": "Time box for each turn" },
      [[0, "No time box"], [60, "1 minute"], [90, "90 seconds"], [120, "2 minutes"], [180, "3 minutes"], [300, "5 minutes"]].map(([v, t]) => h("option", { value: v, selected: v === 120 }, t)),
    );
    this.order = new SpeakingOrder(this.ctx);
    const how = this.order.how;
    const progressive = h("input#progressive", { type: "checkbox" });
    progressive.addEventListener("change", () => this.ctx.send("set_progressive_stack", { on: progressive.checked }));
    fill(
      this.controls,
      h("h3", {}, "Facilitate"),
      h("div.row", {}, h("label.inline", { for: "turn-seconds" }, "Turns:"), seconds),
      h(
        "div.row",
        {},
        h("button.primary.small#btn-call-next", { onclick: () => this.ctx.send("call_next", { seconds: this.turnSeconds() }) }, "Next speaker"),
        h("button.small#btn-extend-turn", { onclick: () => this.ctx.send("extend_turn", { seconds: 60 }) }, "+1 min"),
        h("button.small#btn-end-turn", { onclick: () => this.ctx.send("end_turn") }, "End turn"),
        h("button.small", { onclick: () => this.ctx.send("lower_all_hands") }, "Lower all hands"),
      ),
      h("div.row", {}, how, h("button.small#btn-stick", { onclick: () => this.toggleStick() }, "Start a talking-stick round")),
      this.order.box,
      h("label.check", {}, progressive, " Progressive stack (those who spoke less go first)"),
    );
    this.renderControls(state, me);
  }

  toggleStick() {
    const state = this.ctx.store.state;
    if (myFloor(state).stick) return this.ctx.send("stop_stick_round");
    return this.ctx.send("start_stick_round", this.order.command(this.turnSeconds() || 120));
  }

  /** Once a second: the countdown and the waiting times, as text (screen readers read text). */
  tick() {
    const state = this.ctx.store.state;
    if (!hasFloor(state)) return;
    const now = this.ctx.store.now();
    const sp = myFloor(state).speaker;
    for (const timer of document.querySelectorAll("#turn-timer, #stage-timer")) this.countdown(sp, timer, now);
    for (const el of this.queue.querySelectorAll(".hand-wait")) {
      el.textContent = `waiting ${clock(now - Number(el.dataset.since))}`;
    }
  }

  countdown(sp, timer, now) {
    if (sp) {
      const at = sp.paused_at ?? now;
      if (sp.ends_at !== null) {
        const left = sp.ends_at - at;
        timer.textContent = left > 0 ? `${clock(left)} left` : `Time is up (${clock(at - sp.ends_at)} over)`;
        timer.setAttribute("aria-label", left > 0 ? `${spokenClock(left)} left` : "Time is up");
      } else {
        timer.textContent = `Speaking for ${clock(sp.held + (sp.paused_at === null ? at - sp.since : 0))}`;
      }
      if (sp.paused_at !== null) timer.textContent += " · paused";
      timer.classList.toggle("warned", sp.warned);
    }
  }

  say(change, state, me) {
    const d = change.data || {};
    if ("space" in d && (d.space || "") !== myFloorKey(state)) return; // another floor (the overview shows it)
    if (change.type === "TurnStarted") {
      if (d.member_id === me.id) this.ctx.alertNow(d.ends_at ? `Your turn to speak: ${spokenClock(d.ends_at - d.at)}` : "Your turn to speak");
      else this.ctx.announce(`${this.name(d.member_id)} has the floor`);
    } else if (change.type === "TurnWarned" && d.member_id === me.id) {
      this.ctx.alertNow(`${spokenClock(d.ends_at - this.ctx.store.now())} left in your turn`);
    } else if (change.type === "TurnTimeUp" && d.member_id === me.id) {
      this.ctx.alertNow("Your time is up; please finish your sentence");
    } else if (change.type === "HandRaised" && may(this.ctx.store.state, "call_next", me.role) && d.member_id !== me.id) {
      this.ctx.announce(`${this.name(d.member_id)} raised a hand`);
    } else if (change.type === "StickRoundStarted") {
      this.ctx.announce(d.order.includes(me.id) ? `A talking-stick round started; you are number ${d.order.indexOf(me.id) + 1}` : "A talking-stick round started");
    }
  }
}
