// The shared whiteboard, drawn as SVG: pen (perfect-freehand), shapes, text, sticky notes, select and
// move, delete, undo/redo, colours, and everyone's live cursor. Text goes in as text nodes only.
import { getStroke } from "perfect-freehand";
import { $, fill, h } from "../../dom.js";
import { most } from "../../generated/limits.js";
import { askInPage, confirmInPage } from "../confirm.js";
import { shortcut } from "../shortcuts.js";
import { may, member } from "../store.js";

export const hasBoard = (state) => Array.isArray(state?.board?.elements);

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1600;
const HEIGHT = 1000;
const COLOURS = [
  ["#1f2933", "Black"],
  ["#d9480f", "Orange"],
  ["#2b8a3e", "Green"],
  ["#1864ab", "Blue"],
  ["#862e9c", "Purple"],
  ["#c92a2a", "Red"],
];
const STICKY = ["#ffd43b", "#a5d8ff", "#b2f2bb", "#ffc9c9", "#e5dbff"];
const TOOLS = [
  ["select", "Select and move", "1"],
  ["pen", "Pen", "2"],
  ["rect", "Rectangle", "3"],
  ["ellipse", "Ellipse", "4"],
  ["line", "Line", "5"],
  ["arrow", "Arrow", "6"],
  ["text", "Text", "7"],
  ["sticky", "Sticky note", "8"],
];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const newId = (kind) => `${kind.slice(0, 2)}-${crypto.getRandomValues(new Uint32Array(2)).join("").slice(0, 14)}`;

/** perfect-freehand's outline as an SVG path (its README's recipe). */
function outlinePath(points, size) {
  const outline = getStroke(points, { size, thinning: 0.5, smoothing: 0.5, streamline: 0.5, simulatePressure: points.every((p) => p[2] === undefined) });
  if (!outline.length) return "";
  const d = outline.reduce(
    (acc, [x0, y0], i, arr) => {
      const [x1, y1] = arr[(i + 1) % arr.length];
      acc.push(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2);
      return acc;
    },
    ["M", ...outline[0], "Q"],
  );
  d.push("Z");
  return d.join(" ");
}

export class BoardView {
  constructor(ctx) {
    this.ctx = ctx;
    this.tool = "pen";
    this.colour = COLOURS[0][0];
    this.stickyColour = STICKY[0];
    this.selected = null;
    this.pending = new Map(); // id -> element drawn optimistically, until its event arrives
    this.previews = new Map(); // remote strokes in progress: id -> {points, stroke, width, at}
    this.cursors = new Map(); // member id -> {x, y, at}
    this.drag = null;
    this.lastCursorSent = 0;
    /** the part of the board on screen (pan and zoom change it, for this browser only) */
    this.view = { x: 0, y: 0, w: WIDTH, h: HEIGHT };
    this.build();
    setInterval(() => this.expire(), 1000);
  }

  build() {
    this.svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "board-svg", role: "img", "aria-label": "Shared whiteboard" });
    this.layer = s("g");
    this.overlay = s("g", { class: "overlay" });
    this.svg.append(s("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "board-bg" }), this.layer, this.overlay);
    const tools = h(
      "div.toolbar",
      { role: "toolbar", "aria-label": "Whiteboard tools" },
      h("div.tool-group", {}, TOOLS.map(([id, label, key]) => h("button.tool", { dataset: { tool: id }, "aria-pressed": String(id === this.tool), title: `${label} (${key})`, onclick: () => this.setTool(id) }, label))),
      h("div.tool-group", { role: "radiogroup", "aria-label": "Colour" }, COLOURS.map(([c, name]) => h("button.swatch", { style: `--swatch:${c}`, "aria-label": name, "aria-pressed": String(c === this.colour), dataset: { colour: c }, onclick: () => this.setColour(c) }))),
      h(
        "div.tool-group",
        {},
        h("button.small#board-note", { onclick: () => this.newNote(), title: "Write a sticky note (also from the keyboard)" }, "New note"),
        h("button.small#board-delete", { onclick: () => this.deleteSelected(), disabled: true }, "Delete"),
        h("button.small", { onclick: () => this.ctx.send("undo_board"), title: "Undo (Ctrl+Z)" }, "Undo"),
        h("button.small", { onclick: () => this.ctx.send("redo_board"), title: "Redo (Ctrl+Shift+Z)" }, "Redo"),
        h("button.small.danger#board-remove", { onclick: () => this.removeSelected(), disabled: true, hidden: true, title: "Remove under the code of conduct (cannot be undone)" }, "Remove…"),
        h("button.small.danger#board-clear", { onclick: async () => (await confirmInPage("Clear the whole board for everyone? This cannot be undone.", "Clear the board")) && this.ctx.send("clear_board"), hidden: true }, "Clear"),
      ),
      h(
        "div.tool-group",
        { role: "group", "aria-label": "View" },
        h("button.small#board-zoom-in", { onclick: () => this.zoom(0.8), title: "Zoom in (+)" }, "Zoom in"),
        h("button.small#board-zoom-out", { onclick: () => this.zoom(1.25), title: "Zoom out (-)" }, "Zoom out"),
        h("button.small#board-fit", { onclick: () => this.setView({ x: 0, y: 0, w: WIDTH, h: HEIGHT }), title: "Whole board (0)" }, "Whole board"),
        h("button.small#board-export", { onclick: () => this.exportBoard(), hidden: true, title: "Download the board as an SVG drawing" }, "Export"),
      ),
    );
    // What the board says, for screen readers: the texts of its notes and labels, in drawing order.
    this.texts = h("ul.sr-only#board-texts", { "aria-label": "Texts on the whiteboard" });
    this.editor = h("textarea.board-editor", { hidden: true, "aria-label": "Text on the board", maxlength: most("board_text") });
    // Focusable, so the keyboard can pan (Shift+arrows) and zoom (+, -, 0) the board too.
    this.wrap = h("div.board-wrap", { tabindex: 0, role: "group", "aria-label": "Whiteboard: Shift+arrow keys pan, + and - zoom, 0 shows the whole board" }, this.svg, this.editor);
    this.panel = h("section#board-panel.tabpanel", { role: "tabpanel", "aria-labelledby": "tab-board", hidden: true }, tools, this.wrap, this.texts);
    $("#main").append(this.panel);
    this.svg.addEventListener("pointerdown", (e) => this.down(e));
    this.svg.addEventListener("pointermove", (e) => this.move(e));
    this.svg.addEventListener("pointerup", (e) => this.up(e));
    this.svg.addEventListener("pointercancel", () => (this.drag = null));
    this.svg.addEventListener("dblclick", (e) => this.editText(e));
    // Wheel pans; Ctrl+wheel (and a trackpad pinch, which Chromium reports as one) zooms at the pointer.
    this.svg.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        if (e.ctrlKey || e.metaKey) this.zoom(Math.exp(e.deltaY * 0.01), this.point(e));
        else this.pan(e.deltaX * (this.view.w / this.svg.getBoundingClientRect().width), e.deltaY * (this.view.h / this.svg.getBoundingClientRect().height));
      },
      { passive: false },
    );
    this.editor.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.commitText();
      } else if (e.key === "Escape") this.closeEditor();
    });
    this.editor.addEventListener("blur", () => this.commitText());
    document.addEventListener("keydown", (e) => this.keys(e));
    TOOLS.forEach(([id, label, key]) => shortcut(key, `Whiteboard: ${label.toLowerCase()}`, () => this.visible() && this.setTool(id)));
  }

  visible() {
    return !this.panel.hidden;
  }

  canDraw() {
    return may(this.ctx.store.state, "add_element", this.ctx.me().role);
  }

  setTool(tool) {
    this.tool = tool;
    for (const b of this.panel.querySelectorAll("[data-tool]")) b.setAttribute("aria-pressed", String(b.dataset.tool === tool));
    this.svg.dataset.tool = tool;
    if (tool !== "select") this.select(null);
  }

  setColour(c) {
    this.colour = c;
    for (const b of this.panel.querySelectorAll("[data-colour]")) b.setAttribute("aria-pressed", String(b.dataset.colour === c));
    const el = this.element(this.selected);
    if (el) this.update(el, el.kind === "sticky" ? {} : { stroke: c });
  }

  element(id) {
    return id ? this.ctx.store.state.board.elements.find((e) => e.id === id) : null;
  }

  point(e) {
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(this.svg.getScreenCTM().inverse());
    return [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
  }

  // -- pointer ---------------------------------------------------------------------------------

  down(e) {
    if (!this.canDraw() || e.button !== 0) return;
    e.preventDefault(); // no text selection, and focus stays where we put it (the text editor)
    const [x, y] = this.point(e);
    this.svg.setPointerCapture(e.pointerId);
    if (this.tool === "select") {
      const target = e.target.closest("[data-id]");
      this.select(target?.dataset.id || null);
      const el = this.element(this.selected);
      if (el) this.drag = { kind: "move", start: [x, y], el, node: target };
      return;
    }
    if (this.tool === "text" || this.tool === "sticky") {
      this.openEditor({ kind: this.tool, x, y });
      return;
    }
    const id = newId(this.tool);
    this.drag = { kind: this.tool, id, start: [x, y], points: [[x, y, e.pressure || 0.5]], sent: 0, lastSent: 0 };
  }

  move(e) {
    const [x, y] = this.point(e);
    const now = performance.now();
    if (now - this.lastCursorSent > 50) {
      this.lastCursorSent = now;
      this.ctx.conn.relay("move_cursor", { x, y });
    }
    const d = this.drag;
    if (!d) return;
    if (d.kind === "move") {
      d.node.setAttribute("transform", `translate(${x - d.start[0]} ${y - d.start[1]})`);
      d.offset = [x - d.start[0], y - d.start[1]];
      return;
    }
    if (d.kind === "pen") {
      d.points.push([x, y, e.pressure || 0.5]);
      if (now - d.lastSent > 60) {
        d.lastSent = now;
        const fresh = d.points.slice(Math.max(0, d.sent - 1)).map(([px, py]) => [px, py]);
        d.sent = d.points.length;
        this.ctx.conn.relay("preview_stroke", { id: d.id, points: fresh.slice(-most("preview_points")), stroke: this.colour, stroke_width: 3 });
      }
    } else {
      d.points = [d.points[0], [x, y, 0.5]];
    }
    this.drawOverlay();
  }

  up(e) {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    if (d.kind === "move") {
      d.node.removeAttribute("transform");
      if (d.offset && (d.offset[0] || d.offset[1])) this.update(d.el, { x: d.el.x + d.offset[0], y: d.el.y + d.offset[1] });
      return;
    }
    const [x, y] = this.point(e);
    fill(this.overlay);
    const [sx, sy] = d.start;
    let element;
    if (d.kind === "pen") {
      if (d.points.length < 2) d.points.push([x + 0.5, y + 0.5, 0.5]);
      const pts = d.points.slice(0, most("stroke_points"));
      const minX = Math.min(...pts.map((p) => p[0]));
      const minY = Math.min(...pts.map((p) => p[1]));
      element = { id: d.id, kind: "stroke", x: minX, y: minY, points: pts.map(([px, py]) => [px - minX, py - minY]), pressure: pts.map((p) => Math.round(p[2] * 100) / 100), stroke: this.colour, stroke_width: 3 };
    } else if (d.kind === "line" || d.kind === "arrow") {
      element = { id: d.id, kind: d.kind, x: sx, y: sy, points: [[0, 0], [x - sx, y - sy]], stroke: this.colour, stroke_width: 3 };
    } else {
      const w = Math.abs(x - sx) || 80;
      const hgt = Math.abs(y - sy) || 60;
      element = { id: d.id, kind: d.kind, x: Math.min(x, sx), y: Math.min(y, sy), w, h: hgt, stroke: this.colour, stroke_width: 3 };
    }
    this.add(element);
  }

  keys(e) {
    if (!this.visible() || e.target.closest("input, textarea, select")) return;
    if ((e.key === "Delete" || e.key === "Backspace") && this.selected) {
      e.preventDefault();
      this.deleteSelected();
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") {
      e.preventDefault();
      this.ctx.send(e.shiftKey ? "redo_board" : "undo_board");
    } else if (e.key === "+" || e.key === "=") this.zoom(0.8);
    else if (e.key === "-") this.zoom(1.25);
    else if (e.key === "0") this.setView({ x: 0, y: 0, w: WIDTH, h: HEIGHT });
    else if (e.shiftKey && e.key.startsWith("Arrow")) {
      e.preventDefault();
      const step = this.view.w / 8;
      const [dx, dy] = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
      this.pan(dx, dy);
    }
  }

  // -- pan and zoom (this browser's view only; the board itself is the same for everyone) ---------

  setView(v) {
    const w = Math.min(WIDTH * 4, Math.max(WIDTH / 4, v.w));
    const h = (w * HEIGHT) / WIDTH;
    this.view = { x: v.x, y: v.y, w, h };
    this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${w} ${h}`);
    if (!this.editor.hidden && this.editing) this.placeEditor(this.editing);
  }

  pan(dx, dy) {
    this.setView({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  /** Zoom by `factor` (below 1: closer) keeping `at` (board coordinates) where it is on screen. */
  zoom(factor, at = [this.view.x + this.view.w / 2, this.view.y + this.view.h / 2]) {
    const v = this.view;
    const w = Math.min(WIDTH * 4, Math.max(WIDTH / 4, v.w * factor));
    const k = w / v.w;
    this.setView({ x: at[0] - (at[0] - v.x) * k, y: at[1] - (at[1] - v.y) * k, w });
  }

  /** Download the board as SVG (facilitators: the export needs their token). */
  async exportBoard() {
    const roomId = decodeURIComponent(location.pathname.split("/")[2] || "");
    const token = sessionStorage.getItem(`pg:${roomId}:member`);
    const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/board?format=svg`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return this.ctx.toast("Could not export the board", "error");
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `board-${roomId}.svg` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // -- text and sticky notes --------------------------------------------------------------------

  placeEditor(target) {
    const r = this.svg.getBoundingClientRect();
    const scale = r.width / this.view.w;
    Object.assign(this.editor.style, { left: `${(target.x - this.view.x) * scale}px`, top: `${(target.y - this.view.y) * scale}px` });
  }

  openEditor(target) {
    this.editing = target;
    this.placeEditor(target);
    this.editor.value = target.text || "";
    this.editor.hidden = false;
    this.editor.focus();
  }

  closeEditor() {
    this.editing = null;
    this.editor.hidden = true;
  }

  commitText() {
    const t = this.editing;
    if (!t) return;
    const text = this.editor.value.trim();
    this.closeEditor();
    if (t.id) {
      const el = this.element(t.id);
      if (el && text !== el.text) this.update(el, { text });
      return;
    }
    if (!text) return;
    const sticky = t.kind === "sticky";
    this.add({ id: newId(t.kind), kind: t.kind, x: t.x, y: t.y, w: sticky ? 220 : Math.max(60, text.length * 15), h: sticky ? 160 : 40, text, color: sticky ? this.stickyColour : "", stroke: this.colour });
    if (sticky) this.stickyColour = STICKY[(STICKY.indexOf(this.stickyColour) + 1) % STICKY.length];
  }

  /** A sticky note without a pointer lands where the person is looking: the middle of their view
   * (a little lower and to the right for each note already there, so two do not hide each other). */
  newNote() {
    if (!this.canDraw()) return;
    const v = this.view;
    let x = Math.round(v.x + v.w / 2 - 110);
    let y = Math.round(v.y + v.h / 2 - 80);
    const taken = this.ctx.store.state.board.elements.filter((e) => e.kind === "sticky");
    while (taken.some((e) => Math.abs(e.x - x) < 20 && Math.abs(e.y - y) < 20)) {
      x += 30;
      y += 30;
    }
    this.openEditor({ kind: "sticky", x, y });
  }

  editText(e) {
    const id = e.target.closest("[data-id]")?.dataset.id;
    const el = this.element(id);
    if (el && (el.kind === "text" || el.kind === "sticky") && this.canDraw()) this.openEditor({ id, x: el.x, y: el.y, text: el.text, kind: el.kind });
  }

  // -- commands --------------------------------------------------------------------------------

  async add(element) {
    this.pending.set(element.id, element);
    this.draw();
    const ack = await this.ctx.send("add_element", { element });
    if (!ack.ok) {
      this.pending.delete(element.id);
      this.draw();
    }
  }

  /** An edit against the version we hold; on `conflict` redo it against the version we now hold. */
  async update(el, patch, retries = 2) {
    const ack = await this.ctx.conn.send("update_element", { id: el.id, base_version: el.version, patch });
    if (ack.ok) return;
    if (ack.error.code === "conflict" && retries > 0) {
      await new Promise((r) => setTimeout(r, 100));
      const now = this.element(el.id);
      if (now) return this.update(now, patch, retries - 1);
    }
    this.ctx.toast(ack.error.message, "error");
  }

  deleteSelected() {
    if (!this.selected) return;
    this.ctx.send("delete_element", { id: this.selected });
    this.select(null);
  }

  /** Moderation: a facilitator takes down someone's drawing; nobody can undo it back. */
  async removeSelected() {
    const id = this.selected;
    if (!id) return;
    const reason = await askInPage("Remove this from the board under the code of conduct. Reason:", { yes: "Remove it", maxlength: most("removal_reason") });
    if (reason === null) return;
    this.ctx.send("remove_element", { id, reason });
    if (this.selected === id) this.select(null);
  }

  select(id) {
    this.selected = id;
    $("#board-delete").disabled = !id;
    $("#board-remove").disabled = !id;
    this.draw();
  }

  // -- relays ----------------------------------------------------------------------------------

  onCursor(from, { x, y }) {
    this.cursors.set(from, { x, y, at: Date.now() });
    this.drawOverlay();
  }

  onPreview(from, d) {
    const p = this.previews.get(d.id) || { points: [], stroke: d.stroke, width: d.stroke_width, from };
    p.points.push(...d.points);
    p.at = Date.now();
    this.previews.set(d.id, p);
    this.drawOverlay();
  }

  expire() {
    const now = Date.now();
    let changed = false;
    for (const [id, c] of this.cursors) if (now - c.at > 5000) changed = this.cursors.delete(id);
    for (const [id, p] of this.previews) if (now - p.at > 3000) changed = this.previews.delete(id);
    if (changed) this.drawOverlay();
  }

  // -- drawing ---------------------------------------------------------------------------------

  render(change, state) {
    const on = hasBoard(state);
    $("#tab-board").hidden = !on;
    if (!on) return;
    const role = this.ctx.me().role;
    $("#board-clear").hidden = !may(state, "clear_board", role);
    $("#board-remove").hidden = !may(state, "remove_element", role);
    $("#board-export").hidden = !may(state, "clear_board", role);
    this.panel.classList.toggle("read-only", !this.canDraw());
    if (change.type === "snapshot" || change.type.startsWith("Element") || change.type === "BoardCleared" || change.type === "SessionStarted") {
      const id = change.data?.element?.id;
      if (id) {
        this.pending.delete(id);
        this.previews.delete(id);
      }
      if (change.type === "BoardCleared") this.pending.clear();
      if (this.selected && !this.element(this.selected)) this.selected = null;
      this.draw();
      this.drawOverlay();
    }
  }

  draw() {
    // One page at a time: the main room's, or the group's own during a small-group phase.
    const page = this.ctx.page?.() ?? "";
    const elements = this.ctx.store.state.board.elements.filter((el) => (el.space || "") === page);
    for (const [id, el] of this.pending) if (!elements.some((e) => e.id === id)) elements.push(el);
    this.layer.replaceChildren(...elements.map((el) => this.shape(el)));
    const texts = elements.filter((el) => el.text);
    fill(this.texts, texts.map((el) => h("li", {}, `${el.kind === "sticky" ? "Note" : "Text"}: ${el.text}`)));
  }

  shape(el) {
    const g = s("g", { "data-id": el.id, class: el.id === this.selected ? "el selected" : "el" });
    const stroke = el.stroke || "#1f2933";
    const width = el.stroke_width || 3;
    if (el.kind === "stroke") {
      const pts = el.points.map(([x, y], i) => [x + el.x, y + el.y, el.pressure?.[i] ?? 0.5]);
      g.append(s("path", { d: outlinePath(pts, width * 2.5), fill: stroke }));
    } else if (el.kind === "rect") {
      g.append(s("rect", { x: el.x, y: el.y, width: el.w, height: el.h, rx: 6, fill: el.fill || "transparent", stroke, "stroke-width": width }));
    } else if (el.kind === "ellipse") {
      g.append(s("ellipse", { cx: el.x + el.w / 2, cy: el.y + el.h / 2, rx: el.w / 2, ry: el.h / 2, fill: el.fill || "transparent", stroke, "stroke-width": width }));
    } else if (el.kind === "line" || el.kind === "arrow") {
      const [a, b] = [el.points[0] || [0, 0], el.points[el.points.length - 1] || [0, 0]];
      const [x1, y1, x2, y2] = [el.x + a[0], el.y + a[1], el.x + b[0], el.y + b[1]];
      g.append(s("line", { x1, y1, x2, y2, stroke, "stroke-width": width, "stroke-linecap": "round" }));
      if (el.kind === "arrow") {
        const angle = Math.atan2(y2 - y1, x2 - x1);
        const head = (t) => `${x2 - 18 * Math.cos(angle + t)},${y2 - 18 * Math.sin(angle + t)}`;
        g.append(s("polygon", { points: `${x2},${y2} ${head(0.45)} ${head(-0.45)}`, fill: stroke }));
      }
      g.append(s("line", { x1, y1, x2, y2, stroke: "transparent", "stroke-width": 16 })); // easier to pick
    } else if (el.kind === "text") {
      const t = s("text", { x: el.x, y: el.y + 28, fill: stroke, class: "board-text" });
      el.text.split("\n").forEach((line, i) => t.append(s("tspan", { x: el.x, dy: i ? 34 : 0 }, line)));
      g.append(t);
    } else if (el.kind === "sticky") {
      g.append(s("rect", { x: el.x, y: el.y, width: el.w, height: el.h, rx: 4, fill: el.color || STICKY[0], class: "sticky" }));
      const fo = s("foreignObject", { x: el.x + 10, y: el.y + 10, width: el.w - 20, height: el.h - 20 });
      const div = document.createElement("div");
      div.className = "sticky-text";
      div.textContent = el.text;
      fo.append(div);
      g.append(fo);
    }
    if (el.id === this.selected) {
      const box = { x: el.x - 6, y: el.y - 6, w: (el.w || Math.max(...el.points.map((p) => p[0]), 0)) + 12, h: (el.h || Math.max(...el.points.map((p) => p[1]), 0)) + 12 };
      g.append(s("rect", { x: box.x, y: box.y, width: box.w, height: box.h, class: "selection" }));
    }
    return g;
  }

  drawOverlay() {
    const nodes = [];
    const d = this.drag;
    if (d && d.kind === "pen") nodes.push(s("path", { d: outlinePath(d.points, 7.5), fill: this.colour, opacity: 0.8 }));
    else if (d && d.kind !== "move" && d.points.length > 1) {
      const [[x1, y1], [x2, y2]] = d.points;
      if (d.kind === "line" || d.kind === "arrow") nodes.push(s("line", { x1, y1, x2, y2, stroke: this.colour, "stroke-width": 3, "stroke-dasharray": "6 4" }));
      else nodes.push(s(d.kind === "ellipse" ? "ellipse" : "rect", d.kind === "ellipse" ? { cx: (x1 + x2) / 2, cy: (y1 + y2) / 2, rx: Math.abs(x2 - x1) / 2, ry: Math.abs(y2 - y1) / 2, fill: "none", stroke: this.colour, "stroke-width": 3, "stroke-dasharray": "6 4" } : { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1), fill: "none", stroke: this.colour, "stroke-width": 3, "stroke-dasharray": "6 4" }));
    }
    for (const p of this.previews.values()) nodes.push(s("path", { d: outlinePath(p.points, (p.width || 3) * 2.5), fill: p.stroke, opacity: 0.6 }));
    for (const [id, c] of this.cursors) {
      const name = member(this.ctx.store.state, id)?.name || "";
      nodes.push(s("g", { class: "cursor", transform: `translate(${c.x} ${c.y})` }, s("path", { d: "M0 0 L0 30 L8 22 L19 22 Z" }), s("text", { x: 18, y: 42 }, name)));
    }
    this.overlay.replaceChildren(...nodes);
  }
}
