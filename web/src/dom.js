// Building DOM from data. User text only ever goes in as text nodes or attribute values, never HTML.

/** h("button.primary#go", {onclick, "aria-label": "..."}, "text", child) -> element */
export function h(spec, attrs = {}, ...children) {
  const [, tag, rest] = spec.match(/^([a-z0-9]*)(.*)$/i);
  const el = document.createElement(tag || "div");
  const classes = [];
  for (const [, sigil, name] of rest.matchAll(/([.#])([^.#]+)/g)) {
    if (sigil === "#") el.id = name;
    else classes.push(name);
  }
  if (classes.length) el.className = classes.join(" ");
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "hidden" || key === "disabled" || key === "checked" || key === "selected") el[key] = Boolean(value);
    else if (key === "value") el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Rebuild `el` from `build()` only when `key` (what it shows) changed since its last rebuild, and keep
 * the keyboard focus on the same control (same id, else same aria-label). Parts of the page that
 * stay put are not replaced under the pointer or the focus by events that do not concern them.
 */
export function refill(el, key, build) {
  if (el.refillKey === key) return false;
  el.refillKey = key;
  const focused = el.contains(document.activeElement) ? document.activeElement : null;
  const id = focused?.id;
  const label = focused?.getAttribute("aria-label");
  fill(el, build());
  if (focused && !el.contains(document.activeElement)) {
    const again = (id && el.querySelector(`#${CSS.escape(id)}`)) || (label && el.querySelector(`[aria-label="${CSS.escape(label)}"]`));
    again?.focus();
  }
  return true;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** "4:05" for 245 seconds; timers are read as text by screen readers too. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

/** "4 minutes 5 seconds": what a live region says for a clock. */
export function spokenClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (s % 60 || !m) parts.push(`${s % 60} second${s % 60 === 1 ? "" : "s"}`);
  return parts.join(" ");
}

/** Show one of the page's screens (pre-join, lobby, room, ended) and hide the others. */
export function showScreen(id) {
  for (const el of document.querySelectorAll(".screen, #screen-room")) el.hidden = el.id !== id;
}
