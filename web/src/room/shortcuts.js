// Keyboard shortcuts: single keys (as in the common meeting apps), a "?" help, and an off switch
// (WCAG 2.1.4: single-character shortcuts must be possible to turn off).
import { $, fill, h } from "../dom.js";

const OFF = "pg:shortcuts-off";
const bindings = [];

export function shortcut(key, label, run) {
  bindings.push({ key, label, run });
}

export const shortcutsOn = () => localStorage.getItem(OFF) !== "1";

/** Keys typed into a text field are text, not shortcuts (checkboxes and buttons do not count). */
function typing(target) {
  if (target.closest?.("textarea, select, [contenteditable=''], [contenteditable='true']")) return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "range", "color"].includes(target.type);
}

export function installShortcuts() {
  shortcut("?", "Show this help", toggleHelp);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("#help").hidden) return toggleHelp();
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (!shortcutsOn() && e.key !== "?") return;
    const b = bindings.find((x) => x.key === e.key || x.key === e.key.toLowerCase());
    if (!b) return;
    e.preventDefault();
    b.run();
  });
  $("#help-close").addEventListener("click", toggleHelp);
  $("#shortcuts-toggle").addEventListener("change", (e) => {
    localStorage.setItem(OFF, e.currentTarget.checked ? "0" : "1");
  });
}

export function toggleHelp() {
  const dialog = $("#help");
  if (!dialog.hidden) {
    dialog.hidden = true;
    return;
  }
  fill(
    $("#help-list"),
    bindings.map((b) => h("div.help-row", {}, h("dt", {}, h("kbd", {}, b.key)), h("dd", {}, b.label))),
  );
  $("#shortcuts-toggle").checked = shortcutsOn();
  dialog.hidden = false;
  $("#help-close").focus();
}
