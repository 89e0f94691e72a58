// Screen sharing: "Share screen" (getDisplayMedia), the share shown large above the tiles with its
// sharer named, "Ask to share" in rooms where a facilitator allows each share, and the facilitators'
// rule, requests and "Stop this share". The room's state decides what is shown: a share the server
// stopped leaves every screen, and the sharer's own browser stops capturing.
import { $, fill, h } from "../../dom.js";
import { leads, member } from "../store.js";

const SPEAKERS = ["facilitator", "co_facilitator", "participant"];

function screenIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ class: "icon", "aria-hidden": "true", viewBox: "0 0 24 24", width: 22, height: 22, fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round" })) svg.setAttribute(k, v);
  for (const d of ["M3 4h18v12H3z", "M8 20h8M12 16v4", "M12 13V7M9 10l3-3 3 3"]) {
    const p = document.createElementNS(ns, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}

export class ScreenView {
  constructor(ctx) {
    this.ctx = ctx;
    this.capture = null; // our getDisplayMedia stream while we share
    this.label = h("span.label", {}, "Share screen");
    this.button = h("button.control#btn-share", { title: "Share your screen" }, screenIcon(), this.label);
    this.button.onclick = () => this.onButton();
    $("#btn-settings").before(this.button);
    this.video = h("video#screen-video", { autoplay: true, playsinline: true });
    this.video.muted = true;
    this.caption = h("figcaption.screen-caption#screen-caption");
    this.stopButton = h("button.small.danger#btn-stop-share", { hidden: true, onclick: () => this.stop() }, "Stop this share");
    this.figure = h("figure.screen-share#screen-share", { hidden: true }, this.video, h("div.screen-bar", {}, this.caption, this.stopButton));
    $("#stage").prepend(this.figure);
    this.leadBox = h("div.screen-rules#screen-rules");
    $("#facilitator-panel").append(this.leadBox);
    ctx.mesh.isScreen = (peerId, streamId) => {
      const s = ctx.store.state?.screen;
      return Boolean(s && s.sharer === peerId && s.stream_id === streamId);
    };
    ctx.mesh.addEventListener("screen", () => this.render({ type: "screen" }, ctx.store.state));
  }

  state() {
    return this.ctx.store.state?.screen;
  }

  mayShare(s, me) {
    return leads(me.role) || s.policy === "everyone" || s.allowed.includes(me.id);
  }

  async onButton() {
    const s = this.state();
    const me = this.ctx.me();
    if (!s) return;
    if (s.sharer === me.id || this.capture) return this.stop();
    if (!this.mayShare(s, me)) {
      const ack = await this.ctx.send("request_screen_share");
      if (ack.ok) this.ctx.toast("You asked to share your screen; a facilitator will allow it");
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (err) {
      if (err.name !== "NotAllowedError") this.ctx.toast(`Could not share your screen: ${err.message}`, "error");
      return;
    }
    const ack = await this.ctx.send("start_screen_share", { stream_id: stream.id });
    if (!ack.ok) {
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.capture = stream;
    // The browser's own "Stop sharing" ends the track: tell the room.
    stream.getVideoTracks()[0].addEventListener("ended", () => this.capture === stream && this.stop());
    this.ctx.mesh.shareScreen(stream);
    this.render({ type: "screen" }, this.ctx.store.state);
  }

  /** Stop our capture (and tell the room), or, for a facilitator, stop someone else's share. */
  async stop() {
    const s = this.state();
    const me = this.ctx.me();
    if (this.capture || s?.sharer === me.id) {
      this.release();
      await this.ctx.send("stop_screen_share");
    } else if (s?.sharer && leads(me.role)) {
      await this.ctx.send("end_screen_share");
    }
  }

  release() {
    if (!this.capture) return;
    for (const t of this.capture.getTracks()) t.stop();
    this.capture = null;
    this.ctx.mesh.shareScreen(null);
  }

  render(change, state) {
    const s = state?.screen;
    if (!s) return;
    const me = this.ctx.me();
    const d = change.data || {};
    // The room stopped our share (a facilitator, or the share was never accepted after a reload).
    if (this.capture && s.sharer !== me.id) {
      this.release();
      if (change.type === "ScreenShareStopped" && d.by && d.by !== me.id) this.ctx.alertNow("A facilitator stopped your screen share");
    }
    if (s.sharer === me.id && !this.capture && change.type === "snapshot") this.ctx.send("stop_screen_share");
    this.renderButton(s, me, state);
    this.renderShare(s, me, state);
    this.renderRules(s, me, state);
    this.say(change, state, me);
  }

  renderButton(s, me, state) {
    this.button.hidden = !SPEAKERS.includes(me.role) || Boolean(state.ended_at);
    const mine = s.sharer === me.id;
    const asked = s.requests.includes(me.id);
    const may = this.mayShare(s, me);
    this.label.textContent = mine ? "Stop sharing" : may ? "Share screen" : asked ? "Asked to share" : "Ask to share";
    this.button.classList.toggle("active", mine);
    this.button.setAttribute("aria-pressed", String(mine));
    // One share at a time; a pending request waits for the facilitator.
    this.button.disabled = (!mine && s.sharer !== null) || (!may && asked);
  }

  renderShare(s, me, state) {
    const sharer = s.sharer;
    this.figure.hidden = !sharer;
    document.body.classList.toggle("sharing", Boolean(sharer));
    if (!sharer) {
      if (this.video.srcObject) this.video.srcObject = null;
      return;
    }
    const name = member(state, sharer)?.name || "Someone";
    const stream = sharer === me.id ? this.capture : this.ctx.mesh.remoteScreen(sharer, s.stream_id);
    if (stream && this.video.srcObject !== stream) {
      this.video.srcObject = stream;
      this.video.play().catch(() => {}); // no sound in a share, so autoplay rules allow it
    }
    this.figure.dataset.sharer = sharer;
    this.figure.classList.toggle("waiting", !stream);
    this.caption.textContent = sharer === me.id ? "You are sharing your screen" : stream ? `${name} is sharing their screen` : `${name} is sharing their screen (the picture is on its way…)`;
    this.video.setAttribute("aria-label", sharer === me.id ? "Your shared screen" : `${name}'s shared screen`);
    this.stopButton.hidden = !(sharer === me.id || leads(me.role));
    this.stopButton.textContent = sharer === me.id ? "Stop sharing" : "Stop this share";
  }

  renderRules(s, me, state) {
    if (!leads(me.role)) return fill(this.leadBox);
    const policy = h(
      "select.small#share-policy",
      { "aria-label": "Who may share a screen" },
      h("option", { value: "everyone", selected: s.policy === "everyone" }, "Everyone may share"),
      h("option", { value: "on_request", selected: s.policy === "on_request" }, "Sharing on request"),
    );
    policy.addEventListener("change", () => this.ctx.send("set_share_policy", { policy: policy.value }));
    const name = (id) => member(state, id)?.name || "Someone";
    fill(
      this.leadBox,
      h("h3", {}, "Screen sharing"),
      h("div.row", {}, policy),
      s.requests.length
        ? h(
            "ul.list#share-requests",
            {},
            s.requests.map((id) =>
              h("li.person", {}, h("span.person-name", {}, `${name(id)} asks to share`), " ", h("button.small.primary", { onclick: () => this.ctx.send("allow_screen_share", { target: id }), "aria-label": `Allow ${name(id)} to share` }, "Allow")),
            ),
          )
        : null,
    );
  }

  say(change, state, me) {
    const d = change.data || {};
    const name = (id) => member(state, id)?.name || "Someone";
    if (change.type === "ScreenShareStarted" && d.member_id !== me.id) this.ctx.announce(`${name(d.member_id)} is sharing their screen`);
    else if (change.type === "ScreenShareStopped" && d.member_id !== me.id) this.ctx.announce(`${name(d.member_id)} stopped sharing`);
    else if (change.type === "ScreenShareRequested" && leads(me.role)) this.ctx.toast(`${name(d.member_id)} asks to share their screen`, "warn");
    else if (change.type === "ScreenShareAllowed" && d.member_id === me.id) this.ctx.alertNow("A facilitator allowed you to share your screen");
  }
}
