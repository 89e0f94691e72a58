// Recording, only when everyone has been told: a persistent indicator with who started it, for every
// member; the facilitator's start/stop; anyone's "do not record me"; and the notice on the join page.
import { $, h } from "../../dom.js";
import { confirmInPage } from "../confirm.js";
import { recordingNow } from "../reducers/speech.js";
import { leads } from "../store.js";

const DECLINE_KEY = "pg:decline-recording";

/** On the join page: a running recording is said before anyone enters, with the choice to decline. */
export function showPrejoinNotice(info) {
  const rec = info.recording;
  const form = $("#join-form");
  if (!rec || !form || $("#prejoin-recording")) return;
  const box = h("input#decline-recording", { type: "checkbox", checked: sessionStorage.getItem(DECLINE_KEY) === "1" });
  box.addEventListener("change", () => sessionStorage.setItem(DECLINE_KEY, box.checked ? "1" : "0"));
  const notice = h(
    "section.recording-notice#prejoin-recording",
    { role: "alert" },
    h("strong", {}, "This session is being recorded"),
    h("p", {}, `${rec.started_by_name} started an audio recording. You can decline: your microphone is then never recorded.`),
    h("label.check", {}, box, " Do not record me"),
  );
  form.querySelector("#join-button").before(notice);
}

export class RecordingView {
  constructor(ctx) {
    this.ctx = ctx;
    this.badge = h("span.badge.recording#recording-badge", { role: "status", hidden: true });
    $("#conn-status").after(this.badge);
    this.mine = h("button.small#btn-decline-recording", { type: "button", hidden: true, onclick: () => this.toggleMine() });
    this.badge.after(this.mine);
    this.control = h("button#btn-recording", { type: "button", hidden: true, onclick: () => this.toggleRecording() });
    $("#facilitator-panel").append(this.control);
  }

  /** After every join: a choice made on the join page is sent before any audio goes to the listener. */
  async joined() {
    if (sessionStorage.getItem(DECLINE_KEY) === "1") await this.ctx.conn.send("decline_recording");
  }

  declined(state) {
    return Boolean(state?.speech?.declined?.includes(this.ctx.me().id));
  }

  toggleMine() {
    const no = !this.declined(this.ctx.store.state);
    sessionStorage.setItem(DECLINE_KEY, no ? "1" : "0");
    this.ctx.send(no ? "decline_recording" : "accept_recording");
  }

  async toggleRecording() {
    if (recordingNow(this.ctx.store.state)) return this.ctx.send("stop_recording");
    if (await confirmInPage("Start recording the session's audio? Everyone sees it at once and anyone may decline.", "Start recording")) this.ctx.send("start_recording");
  }

  render(change, state) {
    if (!state.speech) return;
    const rec = recordingNow(state);
    const me = this.ctx.me();
    this.badge.hidden = !rec;
    this.badge.textContent = rec ? `● Recording, started by ${rec.started_by_name}${this.declined(state) ? " (not you)" : ""}` : "";
    this.mine.hidden = !rec && !this.declined(state);
    this.mine.textContent = this.declined(state) ? "Record me again" : "Do not record me";
    this.control.hidden = !leads(me.role) || Boolean(state.ended_at && !rec);
    this.control.textContent = rec ? "Stop recording" : "Start recording";
    if (change.type === "RecordingStarted") this.ctx.alertNow(`${change.data.by_name} started recording the session. You can decline.`);
    if (change.type === "RecordingStopped") this.ctx.announce("The recording stopped");
  }
}
