// The agenda editor (facilitators): add, edit, reorder (drag, or Alt+Arrow keys, or the buttons) and
// remove steps; paste or upload a protocol file. Every change is a command to the server
// (add_phase, update_phase, move_phase, remove_phase, load_template); the list re-renders from the
// room's state, so two facilitators editing at once see the same agenda.
import { $, fill, h } from "../../dom.js";
import { confirmInPage } from "../confirm.js";
import { leads } from "../store.js";
import { most } from "../../generated/limits.js";

const MODES = [
  ["open", "Open discussion"],
  ["talking_stick", "Talking stick (a round)"],
  ["silent_writing", "Silent writing"],
  ["pairs", "Small groups"],
];
const MODE_LABEL = Object.fromEntries(MODES);

const field = (id, label, input, hint) => h("div.field", {}, h("label", { for: id }, label), input, hint ? h("p.muted.small", { id: `${id}-hint` }, hint) : null);

export class AgendaEditorView {
  constructor(ctx) {
    this.ctx = ctx;
    this.editing = null; // phase id being edited, or null (adding)
    this.opener = h("button.small#btn-edit-agenda", { hidden: true, onclick: () => this.open() }, "Edit the agenda");
    this.nextLine = h("p.small.next-step#agenda-next", { hidden: true });
    $("#agenda-panel").append(this.nextLine, this.opener);
    this.list = h("ol.editor-phases#editor-phases", { "aria-label": "Steps, in order (Alt+Arrow keys move the focused step)" });
    this.form = this.buildForm();
    this.protocol = this.buildProtocol();
    this.dialog = h(
      "div.dialog#agenda-editor",
      { role: "dialog", "aria-modal": "true", "aria-labelledby": "agenda-editor-title", hidden: true },
      h(
        "div.card.editor-card",
        {},
        h("div.editor-head", {}, h("h2#agenda-editor-title", {}, "Edit the agenda"), h("button.secondary#agenda-editor-close", { onclick: () => this.close() }, "Done")),
        h("p.muted.small", {}, "Changes reach everyone at once. The step under way cannot be changed; skip it first."),
        h("p.muted.small#agenda-wait-note", { hidden: true }, "This room waits for you between steps: each one starts when you press Next step."),
        this.list,
        this.form,
        this.protocol,
      ),
    );
    this.dialog.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !$("#confirm")) this.close();
    });
    document.body.append(this.dialog);
  }

  open() {
    this.dialog.hidden = false;
    this.back = document.activeElement;
    this.renderList(this.ctx.store.state, true);
    this.form.querySelector("#phase-title").focus();
  }

  close() {
    this.dialog.hidden = true;
    this.resetForm();
    (this.back || this.opener).focus?.();
  }

  render(change, state) {
    const on = Array.isArray(state?.agenda?.phases);
    const lead = on && leads(this.ctx.me().role);
    this.opener.hidden = !lead;
    if (!lead && !this.dialog.hidden) this.close();
    if (on) this.renderNext(state);
    if (!this.dialog.hidden && lead) this.renderList(state);
  }

  /** "Next: ..." under the agenda, for everyone: what comes after this step, and whether it waits. */
  renderNext(state) {
    const a = state.agenda;
    const next = a.phases[a.index + 1];
    const running = ["running", "paused", "overtime"].includes(a.status);
    this.nextLine.hidden = !running || !next;
    if (this.nextLine.hidden) return;
    const waits = state.settings?.wait_between_phases || a.phases[a.index]?.auto_advance === false;
    this.nextLine.textContent = `Next: ${next.title} (${Math.round(next.planned_seconds / 60)} min)${waits ? ", when the facilitator moves on" : ""}`;
  }

  current(state) {
    const a = state.agenda;
    return ["running", "paused", "overtime"].includes(a.status) ? a.phases[a.index]?.id : null;
  }

  /**
   * The steps, rebuilt only when they (or which one is under way) changed: the room sends events all
   * the time (measured speech, every second), and rebuilding the rows under a facilitator would drop
   * the focused step (Alt+Arrow keys) and a drag in progress. A rebuild keeps the focus where it was.
   */
  renderList(state, force = false) {
    const a = state.agenda;
    $("#agenda-wait-note").hidden = !state.settings?.wait_between_phases;
    const now = this.current(state);
    const key = JSON.stringify([a.phases, now]);
    if (!force && key === this.listKey) return;
    this.listKey = key;
    const focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    const row = focused?.closest("[data-phase-id]");
    const where = row && { id: row.dataset.phaseId, label: focused === row ? null : focused.getAttribute("aria-label") };
    fill(
      this.list,
      a.phases.length
        ? a.phases.map((p, i) => this.row(p, i, a.phases.length, p.id === now))
        : h("li.muted.empty", {}, "No steps yet: add one below, or paste a protocol."),
    );
    if (!where) return;
    const again = this.list.querySelector(`[data-phase-id="${CSS.escape(where.id)}"]`);
    const target = where.label ? again?.querySelector(`[aria-label="${CSS.escape(where.label)}"]`) : again;
    (target && !target.disabled ? target : again)?.focus();
  }

  row(p, i, count, isNow) {
    const title = p.title;
    const facts = [`${Math.round(p.planned_seconds / 60)} min`, MODE_LABEL[p.mode] || p.mode];
    if (p.mode === "talking_stick" && p.turn_seconds) facts.push(`turns of ${p.turn_seconds} s`);
    if (p.mode === "pairs") facts.push(`groups of ${p.group_size || 2}`);
    if (p.mode === "pairs" && p.roles?.length) facts.push(`roles: ${p.roles.join(", ")}${p.rotate_seconds ? `, rotating every ${Math.round((p.rotate_seconds / 60) * 2) / 2} min` : ""}`);
    if (p.group_floor === "hands") facts.push("each group's own hands");
    if (p.group_floor === "stick") facts.push("each group's own talking stick");
    if (p.anonymous) facts.push("anonymous");
    if (p.auto_advance === false) facts.push("waits for you");
    const li = h(
      "li.editor-phase",
      { tabindex: 0, draggable: isNow ? "false" : "true", dataset: { phaseId: p.id, now: isNow ? "1" : "" }, "aria-label": `Step ${i + 1}: ${title}` },
      h("span.editor-grip", { "aria-hidden": "true" }, "⋮⋮"),
      h("span.editor-phase-text", {}, h("strong", {}, `${i + 1}. ${title}`), h("span.muted.small", {}, ` · ${facts.join(" · ")}`), isNow ? h("span.badge.feature", {}, "under way") : null),
      h(
        "span.row.editor-actions",
        {},
        h("button.small", { disabled: isNow, onclick: () => this.edit(p), "aria-label": `Edit ${title}` }, "Edit"),
        h("button.small", { disabled: isNow || i === 0, onclick: () => this.move(p.id, i - 1), "aria-label": `Move up ${title}` }, "Move up"),
        h("button.small", { disabled: isNow || i === count - 1, onclick: () => this.move(p.id, i + 1), "aria-label": `Move down ${title}` }, "Move down"),
        h("button.small.danger", { disabled: isNow, onclick: () => this.remove(p), "aria-label": `Remove ${title}` }, "Remove"),
      ),
    );
    li.addEventListener("keydown", (e) => {
      if (!e.altKey || isNow || e.target !== li) return;
      if (e.key === "ArrowUp" && i > 0) this.move(p.id, i - 1, true);
      else if (e.key === "ArrowDown" && i < count - 1) this.move(p.id, i + 1, true);
      else return;
      e.preventDefault();
    });
    li.addEventListener("dragstart", (e) => {
      e.dataTransfer.setData("text/plain", p.id);
      e.dataTransfer.effectAllowed = "move";
      li.classList.add("dragging");
    });
    li.addEventListener("dragend", () => li.classList.remove("dragging"));
    li.addEventListener("dragover", (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
    });
    li.addEventListener("drop", (e) => {
      e.preventDefault();
      const id = e.dataTransfer.getData("text/plain");
      if (id && id !== p.id) this.move(id, i);
    });
    return li;
  }

  async move(phaseId, position, keepFocus = false) {
    const ack = await this.ctx.send("move_phase", { phase_id: phaseId, position });
    if (ack.ok && keepFocus) this.list.querySelector(`[data-phase-id="${CSS.escape(phaseId)}"]`)?.focus();
    if (ack.ok) {
      const p = this.ctx.store.state.agenda.phases.find((x) => x.id === phaseId);
      this.ctx.announce(`${p?.title || "The step"} is now step ${position + 1}`);
    }
  }

  async remove(p) {
    if (!(await confirmInPage(`Remove the step "${p.title}" from the agenda?`, "Remove it"))) return;
    this.ctx.send("remove_phase", { phase_id: p.id });
  }

  buildForm() {
    const title = h("input#phase-title", { maxlength: 120, autocomplete: "off", "aria-describedby": "phase-error" });
    const prompt = h("textarea#phase-prompt", { rows: 2, maxlength: 2000 });
    const minutes = h("input#phase-minutes", { type: "number", min: 0, max: 240, step: 0.5, value: 5 });
    const mode = h("select#phase-mode", {}, MODES.map(([v, t]) => h("option", { value: v }, t)));
    const turn = h("input#phase-turn", { type: "number", min: 0, max: 3600, step: 5, value: 0, "aria-describedby": "phase-turn-hint" });
    const groupFloor = h(
      "select#phase-group-floor",
      { "aria-describedby": "phase-group-floor-hint" },
      [["none", "The main room's"], ["hands", "Its own hand queue"], ["stick", "Its own hand queue and talking stick"]].map(([v, t]) => h("option", { value: v }, t)),
    );
    const groupSize = h("input#phase-group-size", { type: "number", min: 2, max: most("group_size"), step: 1, value: 2, "aria-describedby": "phase-group-size-hint" });
    const roles = h("input#phase-roles", { maxlength: 400, autocomplete: "off", placeholder: "speaker, coach, observer", "aria-describedby": "phase-roles-hint" });
    const rotate = h("input#phase-rotate", { type: "number", min: 0, max: 240, step: 0.5, value: 0, "aria-describedby": "phase-rotate-hint" });
    const prompts = h("textarea#phase-prompts", { rows: 3, "aria-describedby": "phase-prompts-hint" });
    const anonymous = h("input#phase-anonymous", { type: "checkbox" });
    const waits = h("input#phase-waits", { type: "checkbox" });
    this.legend = h("legend", {}, "Add a step");
    this.submit = h("button.primary#phase-save", { type: "submit" }, "Add the step");
    this.cancel = h("button.secondary#phase-cancel", { type: "button", hidden: true, onclick: () => this.resetForm() }, "Cancel editing");
    this.error = h("p.error#phase-error", { role: "alert", hidden: true });
    const form = h(
      "form.phase-form#phase-form",
      { novalidate: true },
      h(
        "fieldset",
        {},
        this.legend,
        h(
          "div.editor-grid",
          {},
          field("phase-title", "Title", title),
          field("phase-minutes", "Minutes (phase timer)", minutes),
          field("phase-mode", "How the group talks", mode),
          field("phase-turn", "Turn length in seconds (turn timer; 0 shares the phase equally)", turn, "Talking stick, or small groups with a floor of their own."),
          field("phase-group-floor", "Each small group's floor", groupFloor, "Small groups only."),
          field("phase-group-size", "People per group", groupSize, "Small groups only; an odd one out makes a trio."),
          field("phase-roles", "Roles in each group, separated by commas", roles, "Small groups only, e.g. speaker, coach, observer."),
          field("phase-rotate", "Rotate the roles every ... minutes (0: never)", rotate, "Small groups with roles only."),
        ),
        field("phase-prompt", "Prompt (what the group is asked)", prompt),
        field("phase-prompts", "Reflection prompts, one per line", prompts, "The columns of the reflection cards in this step."),
        h("label.check", {}, anonymous, " Anonymous: cards and chat show no names"),
        h("label.check", {}, waits, " Wait for me before the next step (it does not start by itself)"),
        this.error,
        h("div.row", {}, this.submit, this.cancel),
      ),
    );
    this.inputs = { title, prompt, minutes, mode, turn, groupFloor, groupSize, roles, rotate, prompts, anonymous, waits };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
    return form;
  }

  values() {
    const x = this.inputs;
    const pairs = x.mode.value === "pairs";
    const groupFloor = pairs ? x.groupFloor.value : "none";
    const roles = x.roles.value.split(",").map((s) => s.trim()).filter(Boolean);
    return {
      title: x.title.value.trim(),
      prompt: x.prompt.value.trim(),
      mode: x.mode.value,
      seconds: Math.round(Number(x.minutes.value || 0) * 60),
      turn_seconds: x.mode.value === "talking_stick" || groupFloor !== "none" ? Number(x.turn.value || 0) : 0,
      group_floor: groupFloor,
      ...(pairs ? { group_size: Number(x.groupSize.value || 2), roles, rotate_seconds: roles.length ? Math.round(Number(x.rotate.value || 0) * 60) : 0 } : {}),
      prompts: x.prompts.value.split("\n").map((s) => s.trim()).filter(Boolean),
      anonymous: x.anonymous.checked,
      auto_advance: !x.waits.checked,
    };
  }

  showError(text) {
    this.error.hidden = !text;
    this.error.textContent = text || "";
    this.inputs.title.setAttribute("aria-invalid", String(Boolean(text)));
  }

  async save() {
    const v = this.values();
    if (!v.title) {
      this.showError("Give the step a title: it is what everyone sees on the agenda.");
      this.inputs.title.focus();
      return;
    }
    // The form is cleared at once, not when the answer comes: the step shows up in the list before
    // its answer, and a facilitator who is already typing the next one must not have it wiped.
    const editing = this.editing;
    const was = editing && this.ctx.store.state.agenda.phases.find((p) => p.id === editing)?.title;
    this.resetForm();
    const blank = JSON.stringify(this.values());
    this.inputs.title.focus();
    const ack = editing ? await this.ctx.send("update_phase", { phase_id: editing, ...v }) : await this.ctx.send("add_phase", v);
    if (ack.ok) return this.ctx.announce(editing ? `Saved ${v.title}` : `Added ${v.title}`);
    // Refused: bring back what was sent, with the reason, unless something new was typed meanwhile.
    if (this.editing === null && JSON.stringify(this.values()) === blank) {
      this.put({ title: v.title, prompt: v.prompt, planned_seconds: v.seconds, mode: v.mode, turn_seconds: v.turn_seconds, group_floor: v.group_floor, group_size: v.group_size, roles: v.roles, rotate_seconds: v.rotate_seconds, prompts: v.prompts, anonymous: v.anonymous, auto_advance: v.auto_advance });
      if (editing) this.editingLabels(editing, was || v.title);
    }
    this.showError(ack.error.message);
  }

  edit(p) {
    this.put(p);
    this.editingLabels(p.id, p.title);
    this.inputs.title.focus();
  }

  /** The form's fields from a phase (or what was sent for one). */
  put(p) {
    const x = this.inputs;
    x.title.value = p.title;
    x.prompt.value = p.prompt || "";
    x.minutes.value = String(Math.round((p.planned_seconds / 60) * 2) / 2);
    x.mode.value = p.mode;
    x.turn.value = String(p.turn_seconds || 0);
    x.groupFloor.value = p.group_floor || "none";
    x.groupSize.value = String(p.group_size || 2);
    x.roles.value = (p.roles || []).join(", ");
    x.rotate.value = String(Math.round(((p.rotate_seconds || 0) / 60) * 2) / 2);
    x.prompts.value = (p.prompts || []).join("\n");
    x.anonymous.checked = Boolean(p.anonymous);
    x.waits.checked = p.auto_advance === false;
  }

  editingLabels(id, title) {
    this.editing = id;
    this.legend.textContent = `Edit "${title}"`;
    this.submit.textContent = "Save the step";
    this.cancel.hidden = false;
  }

  resetForm() {
    this.editing = null;
    this.form.reset();
    this.inputs.minutes.value = "5";
    this.inputs.turn.value = "0";
    this.inputs.groupSize.value = "2";
    this.inputs.rotate.value = "0";
    this.showError("");
    this.legend.textContent = "Add a step";
    this.submit.textContent = "Add the step";
    this.cancel.hidden = true;
  }

  buildProtocol() {
    const text = h("textarea#protocol-text", { rows: 6, spellcheck: "false", "aria-describedby": "protocol-hint" });
    const file = h("input#protocol-file", { type: "file", accept: ".toml,text/plain" });
    file.addEventListener("change", async () => {
      const f = file.files?.[0];
      if (f) text.value = await f.text();
    });
    const load = async () => {
      if (!text.value.trim()) return this.ctx.toast("Paste a protocol, or choose its file, first", "error");
      if (this.ctx.store.state.agenda.phases.length && !(await confirmInPage("Replace the whole agenda with this protocol?", "Replace it"))) return;
      const ack = await this.ctx.send("load_template", { toml: text.value });
      if (ack.ok) {
        text.value = "";
        file.value = "";
        this.ctx.toast("The protocol is loaded");
      }
    };
    return h(
      "details.protocol#protocol-box",
      {},
      h("summary", {}, "Paste or upload a protocol"),
      field("protocol-text", "Protocol (TOML)", text, "The format of rooms/agenda/templates/README.md: one [[phases]] table per step."),
      field("protocol-file", "Or a protocol file", file),
      h("button.small#protocol-load", { type: "button", onclick: load }, "Load this protocol"),
    );
  }
}
