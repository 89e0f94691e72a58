// "Are you sure?" as an in-page dialog (not `confirm()`): styled like the page, read by screen
// readers as a dialog, Escape or "Cancel" says no, Tab stays inside it, and focus goes back where it was.
import { h } from "../dom.js";

/** Ask `question`; resolves true when the person presses `yes`. */
export function confirmInPage(question, yes = "Yes", no = "Cancel") {
  const back = document.activeElement;
  return new Promise((resolve) => {
    const done = (answer) => {
      wrap.remove();
      back?.focus?.();
      resolve(answer);
    };
    const ok = h("button.primary#confirm-yes", { onclick: () => done(true) }, yes);
    const card = h(
      "div.card",
      {},
      h("p#confirm-text", {}, question),
      h("div.row", {}, ok, h("button.secondary#confirm-no", { onclick: () => done(false) }, no)),
    );
    const wrap = h("div.dialog#confirm", { role: "alertdialog", "aria-modal": "true", "aria-labelledby": "confirm-text" }, card);
    const cancel = card.querySelector("#confirm-no");
    wrap.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        done(false);
      } else if (e.key === "Tab") {
        // A modal dialog keeps the focus: Tab and Shift+Tab go between its two buttons.
        e.preventDefault();
        (document.activeElement === ok ? cancel : ok).focus();
      }
    });
    document.body.append(wrap);
    ok.focus();
  });
}
