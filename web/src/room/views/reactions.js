// Quick reactions: a thumbs up or "me too" without taking the floor. Ephemeral (relayed, never
// logged), rate-limited by the server, shown for a few seconds on the sender's tile and announced
// politely. Not a raised hand: it asks for nothing and the queue never sees it.
import { $, h } from "../../dom.js";

/** Wire name -> [symbol, words]; the words are what screen readers and the button labels say. */
export const REACTIONS = {
  thumbs_up: ["👍", "Thumbs up"],
  heart: ["❤️", "Heart"],
  clap: ["👏", "Clap"],
  laugh: ["😄", "Laugh"],
  thinking: ["🤔", "Thinking"],
  me_too: ["🙋", "Me too"],
};
/** How long a reaction stays on a tile. */
const SHOWN_MS = 4000;

/** A smiling face for the "React" button (an emoji font is not everywhere; an SVG is). */
function smile() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ class: "icon", "aria-hidden": "true", viewBox: "0 0 24 24", width: 22, height: 22, fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round" })) svg.setAttribute(k, v);
  for (const d of ["M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z", "M8 14a4.5 4.5 0 0 0 8 0", "M9 9.5h.01M15 9.5h.01"]) {
    const p = document.createElementNS(ns, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}

export class ReactionsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.menu = h(
      "div.reaction-menu#reaction-menu",
      { role: "group", "aria-label": "Reactions", hidden: true },
      Object.entries(REACTIONS).map(([key, [symbol, words]]) =>
        h("button.reaction", { dataset: { reaction: key }, title: words, onclick: () => this.react(key) }, h("span", { "aria-hidden": "true" }, symbol), h("span.reaction-words", {}, words)),
      ),
    );
    this.button = h(
      "button.control#btn-react",
      { "aria-expanded": "false", "aria-controls": "reaction-menu", title: "React" },
      smile(),
      h("span.label", {}, "React"),
    );
    this.button.onclick = () => this.toggle();
    $("#btn-settings").before(this.button);
    $(".topbar").append(this.menu);
    this.menu.addEventListener("keydown", (e) => e.key === "Escape" && this.toggle(false));
    ctx.relays.react = (from, data) => this.show(from, data.reaction);
  }

  render(change, state) {
    const me = this.ctx.me();
    this.button.hidden = me.role === "observer" || Boolean(state.ended_at);
    if (this.button.hidden) this.toggle(false);
  }

  toggle(show = this.menu.hidden) {
    this.menu.hidden = !show;
    this.button.setAttribute("aria-expanded", String(show));
    if (show) this.menu.querySelector("button")?.focus();
  }

  async react(key) {
    this.toggle(false);
    this.button.focus();
    const ack = await this.ctx.send("react", { reaction: key });
    if (ack.ok) this.show(this.ctx.me().id, key); // the server relays to the others, not back to us
  }

  /** Put `key` on `memberId`'s tile for a few seconds, and say it once. */
  show(memberId, key) {
    const reaction = REACTIONS[key];
    if (!reaction) return;
    const tile = document.querySelector(`#tiles .tile[data-member-id="${CSS.escape(memberId)}"]`);
    const me = this.ctx.me();
    const who = memberId === me.id ? "You" : this.ctx.store.state?.members.find((m) => m.id === memberId)?.name || "Someone";
    this.ctx.announce(`${who}: ${reaction[1]}`);
    if (!tile) return;
    tile.querySelector(".tile-reaction")?.remove();
    const badge = h("span.tile-reaction", { dataset: { reaction: key }, title: `${who}: ${reaction[1]}` }, h("span.reaction-symbol", { "aria-hidden": "true" }, reaction[0]), h("span.reaction-words", {}, reaction[1]));
    tile.append(badge);
    setTimeout(() => badge.remove(), SHOWN_MS);
  }
}
