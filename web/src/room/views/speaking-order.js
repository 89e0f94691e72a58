// The speaking order of a talking-stick round, chosen by the facilitator: the room's order, random,
// or set by hand (drag, or the Move buttons), and whether the facilitators take a turn too.
import { fill, h } from "../../dom.js";
import { present } from "../store.js";

const LEADS = ["facilitator", "co_facilitator"];

export class SpeakingOrder {
  constructor(ctx) {
    this.ctx = ctx;
    this.order = []; // member ids, as the facilitator arranged them
    this.how = h(
      "select.small#stick-how",
      { "aria-label": "Order of the round" },
      h("option", { value: "room" }, "Join order"),
      h("option", { value: "random" }, "Random order"),
      h("option", { value: "custom" }, "Set the order"),
    );
    this.include = h("input#stick-include", { type: "checkbox" });
    this.list = h("ol.list.stick-custom#stick-custom", { "aria-label": "Speaking order, first to last", hidden: true });
    this.how.addEventListener("change", () => this.render());
    this.include.addEventListener("change", () => this.render());
    this.box = h("div.speaking-order", {}, h("label.check", {}, this.include, " Facilitators take a turn too"), this.list);
  }

  /** Who takes a turn, in the order shown (present speakers; facilitators only when included). */
  speakers() {
    const state = this.ctx.store.state;
    const roles = this.include.checked ? ["participant", ...LEADS] : ["participant"];
    const ids = present(state).filter((m) => roles.includes(m.role)).map((m) => m.id);
    const kept = this.order.filter((id) => ids.includes(id));
    this.order = [...kept, ...ids.filter((id) => !kept.includes(id))];
    return this.order;
  }

  move(id, to) {
    const order = this.speakers().filter((x) => x !== id);
    order.splice(Math.max(0, Math.min(order.length, to)), 0, id);
    this.order = order;
    this.render();
    this.list.querySelector(`[data-member-id="${CSS.escape(id)}"]`)?.focus();
  }

  /**
   * The list, rebuilt only when the order or a name in it changed: the room sends events all the time
   * (measured speech, every second), and rebuilding under the facilitator would drop the focused
   * person (Alt+Arrow keys) and a drag in progress.
   */
  render() {
    const custom = this.how.value === "custom";
    this.list.hidden = !custom;
    if (!custom || !this.ctx.store.state) {
      this.listKey = null;
      return fill(this.list);
    }
    const state = this.ctx.store.state;
    const name = (id) => state.members.find((m) => m.id === id)?.name || "Someone";
    const order = this.speakers();
    const key = JSON.stringify(order.map((id) => [id, name(id)]));
    if (key === this.listKey) return;
    this.listKey = key;
    const focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    const where = focused && { id: focused.closest("[data-member-id]")?.dataset.memberId, label: focused.matches("li") ? null : focused.getAttribute("aria-label") };
    fill(
      this.list,
      order.map((id, i) => {
        const li = h(
          "li.stick-item.draggable",
          { draggable: "true", tabindex: 0, dataset: { memberId: id }, "aria-label": `${i + 1}: ${name(id)}` },
          h("span", {}, `${i + 1}. ${name(id)}`),
          h(
            "span.row",
            {},
            h("button.small", { disabled: i === 0, onclick: () => this.move(id, i - 1), "aria-label": `Move up ${name(id)}` }, "Move up"),
            h("button.small", { disabled: i === order.length - 1, onclick: () => this.move(id, i + 1), "aria-label": `Move down ${name(id)}` }, "Move down"),
          ),
        );
        li.addEventListener("keydown", (e) => {
          if (!e.altKey || e.target !== li) return;
          if (e.key === "ArrowUp") this.move(id, i - 1);
          else if (e.key === "ArrowDown") this.move(id, i + 1);
          else return;
          e.preventDefault();
        });
        li.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", id));
        li.addEventListener("dragover", (e) => e.preventDefault());
        li.addEventListener("drop", (e) => {
          e.preventDefault();
          const from = e.dataTransfer.getData("text/plain");
          if (from && from !== id) this.move(from, i);
        });
        return li;
      }),
    );
    if (!where?.id) return;
    const again = this.list.querySelector(`[data-member-id="${CSS.escape(where.id)}"]`);
    const target = where.label ? again?.querySelector(`[aria-label="${CSS.escape(where.label)}"]`) : again;
    (target && !target.disabled ? target : again)?.focus();
  }

  /** The fields of `start_stick_round` for what is chosen. */
  command(turnSeconds) {
    const how = this.how.value;
    const out = { how, turn_seconds: turnSeconds, include_facilitators: this.include.checked };
    if (how === "custom") out.members = this.speakers();
    return out;
  }
}
