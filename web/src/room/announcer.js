// Screen-reader announcements: a polite region for what happens in the room (turns, phases, people),
// an assertive one for what needs you now ("your turn").
import { $ } from "../dom.js";

function say(region, text) {
  // Clearing first makes the same sentence announced twice in a row still be read.
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

export const announce = (text) => say($("#live-polite"), text);
export const alertNow = (text) => say($("#live-assertive"), text);

/** A short visible notice too (errors, requests), read out politely. */
export function toast(text, kind = "info") {
  const box = $("#toasts");
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = text;
  box.append(el);
  setTimeout(() => el.remove(), 6000);
  announce(text);
}
