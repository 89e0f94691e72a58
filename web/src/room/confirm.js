// "Are you sure?" and "Why?" as in-page dialogs (not `confirm()` or `prompt()`): styled like the page,
// read by screen readers as a dialog, Escape or "Cancel" says no, Tab stays inside it, and focus goes
// back where it was.
import { h } from "../dom.js";

/** A modal dialog of `body` and two buttons; resolves with `answer()` on `yes`, null on no. */
function dialog({ label, body, yes, no, answer, first }) {
  const back = document.activeElement;
  return new Promise((resolve) => {
    const done = (value) => {
      wrap.remove();
      back?.focus?.();
      resolve(value);
    };
    const ok = h("button.primary#confirm-yes", { type: "submit" }, yes);
    const cancel = h("button.secondary#confirm-no", { type: "button", onclick: () => done(null) }, no);
    const form = h("form.card", {}, body, h("div.row", {}, ok, cancel));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      done(answer());
    });
    const wrap = h("div.dialog#confirm", { role: "alertdialog", "aria-modal": "true", "aria-labelledby": label }, form);
    wrap.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        done(null);
      } else if (e.key === "Tab") {
        // A modal dialog keeps the focus: Tab and Shift+Tab go round its own controls.
        const stops = [...form.querySelectorAll("input, textarea, button")];
        const i = stops.indexOf(document.activeElement);
        e.preventDefault();
        stops[(i + (e.shiftKey ? stops.length - 1 : 1)) % stops.length].focus();
      }
    });
    document.body.append(wrap);
    (first || ok).focus();
  });
}

/** Ask `question`; resolves true when the person presses `yes`. */
export async function confirmInPage(question, yes = "Yes", no = "Cancel") {
  const answer = await dialog({ label: "confirm-text", body: h("p#confirm-text", {}, question), yes, no, answer: () => true });
  return answer === true;
}

/**
 * Ask for a line (or a few) of text: resolves with what was typed (trimmed) on `yes`, null on no.
 * `value` is there to begin with; `multiline` gives a text area (Enter still answers, Shift+Enter
 * starts a new line).
 */
export function askInPage(question, { value = "", yes = "OK", no = "Cancel", multiline = false, maxlength } = {}) {
  const field = multiline ? h("textarea#confirm-input", { rows: 3, maxlength }) : h("input#confirm-input", { maxlength, autocomplete: "off" });
  field.value = value;
  if (multiline) {
    field.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        field.form.requestSubmit();
      }
    });
  }
  const body = [h("label#confirm-text", { for: "confirm-input" }, question), field];
  return dialog({ label: "confirm-text", body, yes, no, answer: () => field.value.trim(), first: field });
}
