// The room's settings, changeable during the session (facilitators, `set_room_settings`): the
// lobby, waiting between steps, hidden dot totals, seats and the reconnect grace. Each control sends
// only its own field; the room's state decides what is shown, so a refused change springs back.
import { $, h, refill } from "../../dom.js";
import { most } from "../../generated/limits.js";
import { may } from "../store.js";

export class SettingsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.box = h("div.room-settings#room-settings");
    $("#facilitator-panel").append(this.box);
  }

  render(change, state) {
    const me = this.ctx.me();
    const s = state?.settings;
    if (!s || !may(state, "set_room_settings", me.role)) return refill(this.box, "", () => []);
    const voting = Boolean(state.reflections?.voting?.open);
    refill(this.box, JSON.stringify([s, voting]), () => this.build(s, voting));
  }

  /** Show the room's values again (after a refused or an unreadable change). */
  reset() {
    this.box.refillKey = null;
    this.render({ type: "settings" }, this.ctx.store.state);
  }

  /** Send one field; on a refusal (toasted by ctx.send) the room's value comes back. */
  async change(field, value) {
    const ack = await this.ctx.send("set_room_settings", { [field]: value });
    if (!ack.ok) this.reset();
  }

  check(id, field, on, text, extra = {}) {
    const box = h(`input#${id}`, { type: "checkbox", checked: on, ...extra });
    box.addEventListener("change", () => this.change(field, box.checked));
    return h("label.check", {}, box, ` ${text}`);
  }

  number(id, field, value, text, { min, max }) {
    const input = h(`input.small#${id}`, { type: "number", value: String(value), min, max, step: 1, inputmode: "numeric" });
    input.addEventListener("change", () => {
      const n = Number(input.value);
      if (input.value === "" || !Number.isInteger(n)) return this.reset();
      this.change(field, n);
    });
    return [h("label", { for: id }, text), input];
  }

  build(s, voting) {
    return [
      h("h3", {}, "Room settings"),
      this.check("setting-lobby", "lobby", s.lobby, "Everyone waits in the lobby until admitted"),
      this.check("setting-wait", "wait_between_phases", s.wait_between_phases, "Wait for me between agenda steps"),
      this.check("setting-votes", "vote_totals_hidden", s.vote_totals_hidden, "Hide dot totals until voting closes", {
        disabled: voting,
        "aria-describedby": voting ? "setting-votes-note" : null,
      }),
      voting ? h("p.muted.small#setting-votes-note", {}, "Chosen between votes: close the voting to change it.") : null,
      h(
        "div.settings-numbers",
        {},
        // at least 2 seats (rooms/limits.py); the server says so if asked for fewer
        this.number("setting-capacity", "capacity", s.capacity, "Seats", { min: 2, max: most("capacity") }),
        this.number("setting-grace", "reconnect_grace", s.reconnect_grace, "Seconds a dropped person keeps their place", { min: 0, max: most("reconnect_grace") }),
      ),
    ];
  }
}
