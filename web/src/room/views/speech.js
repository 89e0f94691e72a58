// Measured speech on the facilitator's airtime panel: how long each person actually spoke (the
// server's listener), beside how long they held the floor; who has not spoken yet; overlaps and the
// longest silence. Shown to whoever sees airtime (the room's setting, rooms/floor/visibility.py).
import { $, clock, fill, h } from "../../dom.js";
import { airtime, seesAirtime } from "../reducers/floor.js";
import { present } from "../store.js";

const SPEAKING_ROLES = ["facilitator", "co_facilitator", "participant"];

export class SpeechView {
  constructor(ctx) {
    this.ctx = ctx;
    this.showsSpeech = true; // gets the listener's measurements (main.js MEASUREMENTS)
    this.panel = h("section.panel#speech-panel", { "aria-labelledby": "speech-title", hidden: true });
    ($("#airtime-panel") || $("#facilitator-panel")).after(this.panel);
    this.rows = h("ul.list.airtime#speech-rows");
    this.summary = h("p.small#speech-summary");
    this.silent = h("p.small#not-spoken");
    this.panel.append(
      h("h2#speech-title", {}, "Measured speech"),
      h("p.muted.small", {}, "Voice heard from each microphone, beside time holding the floor; the line is an equal share."),
      this.rows,
      this.silent,
      this.summary,
    );
    setInterval(() => !this.panel.hidden && this.render({ type: "tick" }, this.ctx.store.state), 1000);
  }

  render(change, state) {
    const sp = state?.speech;
    this.panel.hidden = !sp?.tallies || !seesAirtime(state) || sp.measured_until === null;
    if (this.panel.hidden) return;
    const floor = Array.isArray(state.floor?.hands) ? airtime(state, this.ctx.store.now()) : {};
    const people = present(state).filter((m) => SPEAKING_ROLES.includes(m.role));
    const seconds = (id) => sp.tallies[id]?.seconds || 0;
    const total = people.reduce((x, m) => x + seconds(m.id), 0);
    const equal = people.length ? 1 / people.length : 0;
    fill(
      this.rows,
      people.map((m) => {
        const share = total ? seconds(m.id) / total : 0;
        const t = sp.tallies[m.id];
        return h(
          "li.airtime-row.speech-row",
          { dataset: { member: m.id } },
          h("span.airtime-name", {}, m.name),
          h("span.bar", { role: "img", "aria-label": `${Math.round(share * 100)} percent of the talk` }, h("span.fill", { style: `width:${Math.round(share * 100)}%`, class: share > equal * 1.5 ? "fill over" : "fill" }), h("span.equal", { style: `left:${Math.round(equal * 100)}%` })),
          h("span.small.speech-seconds", { dataset: { seconds: String(seconds(m.id)) } }, t ? `spoke ${clock(t.seconds)} · ${t.contributions}×` : "not yet"),
          h("span.small.muted", {}, `floor ${clock(floor[m.id] || 0)}`),
        );
      }),
    );
    const silent = people.filter((m) => !seconds(m.id)).map((m) => m.name);
    this.silent.textContent = silent.length ? `Not spoken yet: ${silent.join(", ")}` : "Everyone has spoken.";
    const bits = [`Overlaps: ${sp.overlaps}`, `longest silence ${clock(sp.longest_silence)}`];
    if (sp.gaps?.length) bits.push(`not heard for ${clock(sp.gaps.reduce((x, g) => x + g.end - g.start, 0))} (the listener moved)`);
    if (sp.overloaded) bits.push("the listener is behind: some audio is not analysed");
    this.summary.textContent = bits.join(" · ");
  }
}
