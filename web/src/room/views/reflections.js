// The reflection board: write cards against the phase's prompts, see whether the phase is anonymous,
// reveal, group, dot-vote with the dots you have left, agree action items, and export the record.
import { $, fill, h } from "../../dom.js";
import { most } from "../../generated/limits.js";
import { askInPage } from "../confirm.js";
import { mode } from "../reducers/reflections.js";
import { may, member } from "../store.js";

/** Events that change nothing on this board (hands, turns, presence, the whiteboard). */
const IGNORED = /^(Hand|Turn|Stick|Element|Board|Airtime|MemberDisconnected|MemberReturned|MemberKnocked|ReadyMarked|TypingMarked|ProgressiveStack|PhaseWarned|RoomLocked|RoomUnlocked)/;

export const hasReflections = (state) => Array.isArray(state?.reflections?.cards);

export class ReflectionsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.writers = 0;
    this.lastWritingSent = 0;
    this.modeLine = h("div.mode-line", { "aria-live": "polite" });
    this.prompt = h("select#card-prompt", { "aria-label": "Prompt" });
    this.text = h("textarea#card-text", { rows: 3, maxlength: most("card_text"), placeholder: "Write a reflection…", "aria-label": "Your reflection" });
    this.text.addEventListener("input", () => this.typing());
    this.text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) this.write(e);
    });
    this.form = h("form.card-form", { onsubmit: (e) => this.write(e) }, this.prompt, this.text, h("div.row", {}, h("button.primary.small#card-submit", { type: "submit" }, "Add card"), h("span.muted.small#writing-count")));
    this.voting = h("div.voting");
    this.columns = h("div.card-columns");
    this.groupList = h("div");
    this.groupName = h("input#group-name", { placeholder: "New group name", maxlength: most("group_name"), "aria-label": "New group name" });
    this.groupForm = h("form.row", { onsubmit: (e) => this.createGroup(e) }, this.groupName, h("button.small", { type: "submit" }, "Create group"));
    this.groups = h("div.groups-box", {}, h("h3", {}, "Groups"), this.groupList, this.groupForm);
    this.actionList = h("div");
    this.actionText = h("input#action-text", { placeholder: "What will we do?", maxlength: most("action_text"), "aria-label": "Action item" });
    this.actionOwner = h("input#action-owner", { placeholder: "Who", maxlength: most("action_owner"), "aria-label": "Owner" });
    this.actionDue = h("input#action-due", { type: "date", "aria-label": "Due date" });
    this.actionForm = h("form.action-form", { onsubmit: (e) => this.addAction(e) }, this.actionText, this.actionOwner, this.actionDue, h("button.small", { type: "submit" }, "Add"));
    this.actions = h("div.actions-box", {}, h("h3", {}, "Action items"), this.actionList, this.actionForm);
    this.lead = h("div.lead-box");
    this.panel = h(
      "section#reflections-panel.tabpanel",
      { role: "tabpanel", "aria-labelledby": "tab-reflections", hidden: true },
      h("h2.sr-only", {}, "Reflections"), // the tab names it; the heading keeps h3s in order
      h("div.reflect-head", {}, this.modeLine, this.lead),
      this.form,
      this.voting,
      this.columns,
      this.groups,
      this.actions,
    );
    $("#main").append(this.panel);
  }

  name(id) {
    return member(this.ctx.store.state, id)?.name || "Someone";
  }

  typing() {
    const now = Date.now();
    if (now - this.lastWritingSent < 3000) return;
    this.lastWritingSent = now;
    this.ctx.conn.relay("set_writing", { writing: true });
    if (Array.isArray(this.ctx.store.state.agenda?.phases)) this.ctx.conn.send("mark_typing");
  }

  async write(e) {
    e.preventDefault();
    const text = this.text.value.trim();
    if (!text) return;
    const ack = await this.ctx.send("write_card", { prompt: this.prompt.value || "", text });
    if (ack.ok) {
      this.text.value = "";
      this.ctx.conn.relay("set_writing", { writing: false });
      this.lastWritingSent = 0;
      this.ctx.announce("Card added");
    }
  }

  onWriting(data) {
    this.writers = data.count || 0;
    const el = $("#writing-count");
    if (el) el.textContent = this.writers ? `${this.writers} ${this.writers === 1 ? "person is" : "people are"} writing…` : "";
  }

  render(change, state) {
    const on = hasReflections(state);
    $("#tab-reflections").hidden = !on;
    if (!on || IGNORED.test(change.type)) return;
    const me = this.ctx.me();
    const canWrite = may(state, "write_card", me.role);
    const m = mode(state);
    const r = state.reflections;
    this.say(change);
    // Rebuilt only when something it shows changed: other features send events all the time
    // (measured speech, every second), and a board rebuilt under the pointer loses clicks on its
    // checkboxes and buttons.
    const key = JSON.stringify([r, m, me.id, me.role, state.permissions, state.members.map((x) => [x.id, x.name]), this.ctx.page?.() ?? ""]);
    if (key === this.shown) return;
    this.shown = key;
    fill(
      this.modeLine,
      h("span.badge", { class: m.anonymous ? "badge anon" : "badge" }, m.anonymous ? "Anonymous: nobody sees who wrote a card" : "Named: cards show who wrote them"),
      m.hidden ? h("span.badge.feature", {}, "Hidden until revealed") : null,
    );
    const prompts = m.prompts.length ? m.prompts : [""];
    const current = this.prompt.value;
    fill(this.prompt, prompts.map((p) => h("option", { value: p, selected: p === current }, p || "Free reflection")));
    this.prompt.hidden = prompts.length === 1 && !prompts[0];
    this.form.hidden = !canWrite;
    this.renderLead(state, me, m);
    this.renderVoting(r);
    this.renderCards(state, prompts, me);
    this.renderGroups(r, canWrite);
    this.renderActions(r, canWrite);
  }

  say(change) {
    if (change.type === "CardsRevealed") this.ctx.announce("The cards are revealed");
    else if (change.type === "CardRemoved" && change.data.mine) this.ctx.toast(`A facilitator removed your card under the code of conduct${change.data.reason ? `: ${change.data.reason}` : ""}`, "warn");
    else if (change.type === "CardRemoved" && change.data.dots_back) this.ctx.toast(`A card was removed; your ${change.data.dots_back} dot(s) came back`);
    else if (change.type === "VotingOpened") this.ctx.announce(`Dot voting is open: you have ${change.data.budget} dots`);
    else if (change.type === "VotingClosed") this.ctx.announce("Dot voting is closed");
  }

  renderLead(state, me, m) {
    if (!may(state, "reveal_cards", me.role)) return fill(this.lead);
    const r = state.reflections;
    const budget = h("select.small#vote-budget", { "aria-label": "Dots each" }, [2, 3, 5].map((n) => h("option", { value: n, selected: n === 3 }, `${n} dots`)));
    fill(
      this.lead,
      h(
        "div.row",
        {},
        h("label.check.inline", {}, h("input#anon-toggle", { type: "checkbox", checked: m.anonymous, onchange: (e) => this.toggle(e.currentTarget, "set_anonymous", "anonymous") }), " Anonymous"),
        h("label.check.inline", {}, h("input#hidden-toggle", { type: "checkbox", checked: m.hidden, onchange: (e) => this.toggle(e.currentTarget, "set_cards_hidden", "hidden") }), " Hide until revealed"),
        r.cards.some((c) => c.hidden) ? h("button.small.primary#btn-reveal", { onclick: () => this.ctx.send("reveal_cards") }, "Reveal cards") : null,
      ),
      h(
        "div.row",
        {},
        r.voting.open
          ? h("button.small#btn-close-voting", { onclick: () => this.ctx.send("close_voting") }, "Close voting")
          : [budget, h("button.small#btn-open-voting", { onclick: () => this.ctx.send("open_voting", { budget: Number(budget.value), per_card: 1 }) }, "Open dot voting")],
        h("button.small", { onclick: () => this.download("record", "md") }, "Export record (Markdown)"),
        h("button.small", { onclick: () => this.download("record", "csv") }, "CSV"),
        h("button.small", { onclick: () => this.download("board", "svg") }, "Board (SVG)"),
      ),
    );
  }

  /** A switch shows what the room does: a refused change flips it back. */
  async toggle(box, command, field) {
    const on = box.checked;
    const ack = await this.ctx.send(command, { [field]: on });
    if (!ack.ok && box.checked === on) box.checked = !on;
  }

  /** The record needs a facilitator's token: fetch it with the header, then save it as a file. */
  async download(what, format) {
    const token = sessionStorage.getItem(`pg:${this.ctx.store.state.room_id}:member`);
    const res = await fetch(`/api/rooms/${encodeURIComponent(this.ctx.store.state.room_id)}/${what}?format=${format}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return this.ctx.toast("The export failed; try again", "error");
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `${this.ctx.store.state.title || "session"}-${what}.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  renderVoting(r) {
    if (!r.voting.open) return fill(this.voting);
    const left = r.voting.my_dots_left;
    fill(this.voting, h("div.dots-left", { role: "status" }, h("strong", {}, `${left}`), ` of ${r.voting.budget} dots left`, h("span.dots", { "aria-hidden": "true" }, "●".repeat(Math.max(0, left)))));
  }

  renderCards(state, prompts, me) {
    const r = state.reflections;
    const byPrompt = new Map(prompts.map((p) => [p, []]));
    const page = this.ctx.page?.() ?? "";
    for (const c of r.cards) {
      if ((c.space || "") !== page) continue; // a group's lane is its own; its harvest comes back separately
      if (!byPrompt.has(c.prompt)) byPrompt.set(c.prompt, []);
      byPrompt.get(c.prompt).push(c);
    }
    fill(
      this.columns,
      [...byPrompt].map(([prompt, cards]) =>
        h("section.card-column", {}, h("h3", {}, prompt || "Reflections", h("span.count", {}, ` (${cards.length})`)), h("ul.list.cards", {}, cards.map((c) => this.card(c, r, me, state)))),
      ),
    );
  }

  card(c, r, me, state) {
    const author = c.mine ? (c.anonymous ? "You (anonymous)" : "You") : c.anonymous ? "Anonymous" : c.author ? this.name(c.author) : "";
    const canVote = r.voting.open && may(state, "cast_vote", me.role);
    const group = r.groups.find((g) => g.id === c.group);
    return h(
      "li.refl-card",
      { dataset: { cardId: c.id }, class: c.hidden ? "refl-card hidden-card" : "refl-card" },
      h("p.card-text", {}, c.hidden && !c.text ? "Hidden until the facilitator reveals the cards" : c.text),
      h(
        "div.card-meta",
        {},
        h("span.muted.small.card-author", {}, author),
        group ? h("span.badge", {}, group.name) : null,
        c.votes === null
          ? h("span.votes.muted.small", {}, "dots hidden until voting closes")
          : h("span.votes", { "aria-label": `${c.votes || 0} votes` }, `● ${c.votes || 0}`),
        c.my_votes ? h("span.small.mine", {}, `(your dots: ${c.my_votes})`) : null,
      ),
      h(
        "div.row.card-actions",
        {},
        canVote ? h("button.small.vote", { onclick: () => this.ctx.send("cast_vote", { card_id: c.id }), disabled: r.voting.my_dots_left <= 0 || (c.my_votes || 0) >= r.voting.per_card, title: r.voting.my_dots_left <= 0 ? "You have spent all your dots" : (c.my_votes || 0) >= r.voting.per_card ? `At most ${r.voting.per_card} on one card` : null, "aria-label": `+ dot for: ${c.text.slice(0, 40)}` }, "+ dot") : null,
        canVote && c.my_votes ? h("button.small", { onclick: () => this.ctx.send("retract_vote", { card_id: c.id }), "aria-label": "− dot: take a dot back" }, "− dot") : null,
        may(state, "move_card", me.role) && r.groups.length && !c.hidden ? this.groupSelect(c, r) : null,
        c.mine ? h("button.small", { onclick: () => this.edit(c) }, "Edit") : null,
        c.mine ? h("button.small.danger", { onclick: () => this.ctx.send("delete_card", { card_id: c.id }) }, "Delete") : null,
        may(state, "remove_card", me.role) && !c.mine ? h("button.small.danger", { onclick: () => this.remove(c), "aria-label": "Remove this card under the code of conduct" }, "Remove") : null,
      ),
    );
  }

  groupSelect(c, r) {
    const sel = h("select.small", { "aria-label": "Group" }, h("option", { value: "" }, "No group"), r.groups.map((g) => h("option", { value: g.id, selected: g.id === c.group }, g.name)));
    sel.addEventListener("change", () => this.ctx.send("move_card", { card_id: c.id, group_id: sel.value }));
    return sel;
  }

  /** Moderation: the card goes, its dots go back to the voters, and only its author is told. */
  async remove(c) {
    const reason = await askInPage("Remove this card under the code of conduct. Reason (its author sees it):", { yes: "Remove the card", maxlength: most("removal_reason") });
    if (reason !== null) this.ctx.send("remove_card", { card_id: c.id, reason });
  }

  async edit(c) {
    const text = await askInPage("Edit your card", { value: c.text, yes: "Save", multiline: true, maxlength: most("card_text") });
    if (text && text !== c.text) this.ctx.send("edit_card", { card_id: c.id, text });
  }

  async createGroup(e) {
    e.preventDefault();
    const name = this.groupName.value.trim();
    if (name && (await this.ctx.send("create_group", { name })).ok) this.groupName.value = "";
  }

  async addAction(e) {
    e.preventDefault();
    const text = this.actionText.value.trim();
    if (!text) return;
    const ack = await this.ctx.send("add_action_item", { text, owner: this.actionOwner.value.trim(), due: this.actionDue.value });
    if (ack.ok) this.actionText.value = this.actionOwner.value = this.actionDue.value = "";
  }

  renderGroups(r, canWrite) {
    this.groupForm.hidden = !canWrite;
    fill(
      this.groupList,
      r.groups.length
        ? h("ul.list", {}, r.groups.map((g) => h("li.group-item", {}, h("strong", {}, g.name), ` · ${r.cards.filter((c) => c.group === g.id).length} cards`, g.note ? h("p.small", {}, g.note) : null, canWrite ? h("button.small", { onclick: () => this.ctx.send("delete_group", { group_id: g.id }), "aria-label": `Dissolve group ${g.name}` }, "Dissolve") : null)))
        : h("p.muted.small", {}, "No groups yet: group cards that belong together."),
    );
  }

  renderActions(r, canWrite) {
    this.actionForm.hidden = !canWrite;
    fill(
      this.actionList,
      r.action_items.length
        ? h(
            "ul.list",
            {},
            r.action_items.map((a) => {
              const status = h("select.small", { "aria-label": `Status of ${a.text}` }, ["open", "done", "dropped"].map((v) => h("option", { value: v, selected: v === a.status }, v)));
              status.addEventListener("change", () => this.ctx.send("update_action_item", { item_id: a.id, status: status.value }));
              return h("li.action-item", { dataset: { status: a.status } }, h("span.action-text", {}, a.text), h("span.muted.small", {}, [a.owner, a.due].filter(Boolean).join(" · ")), r.carried_over.includes(a.id) ? h("span.badge", {}, "from last session") : null, canWrite ? status : null);
            }),
          )
        : h("p.muted.small", {}, "None yet."),
    );
  }
}
