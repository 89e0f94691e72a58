// Who is here: the video tiles, the people list (with the facilitator's actions), and the lobby.
import { $, fill, h } from "../../dom.js";
import { confirmInPage } from "../confirm.js";
import { may, present } from "../store.js";

const ROLE = { facilitator: "Facilitator", co_facilitator: "Co-facilitator", participant: "Participant", observer: "Observer" };
const PRESENCE = { connected: "", reconnecting: "reconnecting…", left: "left" };

export const roleLabel = (role) => ROLE[role] || role;

export class PeopleView {
  constructor(ctx) {
    this.ctx = ctx;
    this.tiles = new Map(); // member id -> {li, video, name, role, status, hand}
    this.streams = new Map(); // member id -> MediaStream (mine is the local stream)
    this.speaking = new Set();
    this.mediaState = new Map(); // member id -> {audio, video}
    /** Extra badges per member from other features (a raised hand, the talking stick): id -> [text]. */
    this.badges = () => new Map();
  }

  setStream(id, stream) {
    this.streams.set(id, stream);
    const t = this.tiles.get(id);
    if (t && t.video.srcObject !== stream) t.video.srcObject = stream;
    this.render();
  }

  setSpeaking(id, on) {
    if (on) this.speaking.add(id);
    else this.speaking.delete(id);
    this.tiles.get(id)?.li.classList.toggle("speaking", on);
    const row = document.querySelector(`#people [data-member-id="${CSS.escape(id)}"]`);
    row?.classList.toggle("speaking", on);
  }

  setMediaState(id, state) {
    this.mediaState.set(id, state);
    this.render();
  }

  render() {
    const state = this.ctx.store.state;
    if (!state) return;
    const people = present(state);
    // The call is the space's: tiles show who this browser hears (its group during small groups).
    this.renderTiles(people.filter((m) => this.ctx.inMySpace?.(m.id) ?? true));
    this.renderList(people);
    // Who knocks is the cockpit's notice (views/cockpit.js), always on screen for facilitators.
  }

  renderTiles(people) {
    const ul = $("#tiles");
    const me = this.ctx.me();
    const badges = this.badges();
    const seen = new Set();
    for (const m of people) {
      seen.add(m.id);
      let t = this.tiles.get(m.id);
      if (!t) {
        const video = h("video", { autoplay: true, playsinline: true });
        if (m.id === me.id) video.muted = true; // never play your own voice back
        t = {
          video,
          initial: h("div.initial", { "aria-hidden": "true" }),
          name: h("span.tile-name"),
          role: h("span.badge.role"),
          status: h("span.tile-status"),
          extra: h("span.tile-extra"),
        };
        t.li = h(
          "li.tile",
          { dataset: { memberId: m.id } },
          t.video,
          t.initial,
          h("div.tile-label", {}, t.name, t.role, t.status, t.extra),
        );
        this.tiles.set(m.id, t);
      }
      const stream = this.streams.get(m.id);
      if (stream && t.video.srcObject !== stream) t.video.srcObject = stream;
      const media = m.id === me.id ? { audio: this.ctx.local.audioOn, video: this.ctx.local.videoOn } : this.mediaState.get(m.id);
      const camOff = !stream || !stream.getVideoTracks().length || media?.video === false;
      t.li.classList.toggle("cam-off", camOff);
      t.li.classList.toggle("me", m.id === me.id);
      t.li.classList.toggle("away", m.presence !== "connected");
      t.initial.textContent = (m.name || "?").trim().charAt(0).toUpperCase();
      t.name.textContent = m.id === me.id ? `${m.name} (you)` : m.name;
      t.role.textContent = roleLabel(m.role);
      t.role.dataset.role = m.role;
      const askedBy = m.id === me.id && this.ctx.local.mutedBy && media?.audio === false ? `muted at ${this.ctx.local.mutedBy}'s request` : "";
      const status = [PRESENCE[m.presence], askedBy || (media?.audio === false ? "muted" : ""), media?.video === false && stream?.getVideoTracks().length ? "camera off" : ""].filter(Boolean);
      t.status.textContent = status.join(" · ");
      fill(t.extra, (badges.get(m.id) || []).map((b) => h("span.badge.feature", {}, b)));
      if (t.li.parentNode !== ul) ul.append(t.li);
    }
    for (const [id, t] of this.tiles) {
      if (!seen.has(id)) {
        t.li.remove();
        this.tiles.delete(id);
      }
    }
    // Keep join order (a re-sort after a snapshot).
    for (const m of people) ul.append(this.tiles.get(m.id).li);
    ul.dataset.count = String(Math.min(people.length, 9));
  }

  renderList(people) {
    const me = this.ctx.me();
    const iLead = may(this.ctx.store.state, "admit", me.role);
    const badges = this.badges();
    $("#people-count").textContent = `(${people.length})`;
    fill(
      $("#people"),
      people.map((m) =>
        h(
          "li.person",
          { dataset: { memberId: m.id }, class: this.speaking.has(m.id) ? "person speaking" : "person" },
          h(
            "div.person-main",
            {},
            h("span.dot", { dataset: { presence: m.presence }, "aria-hidden": "true" }),
            h("span.person-name", {}, m.name, m.id === me.id ? " (you)" : ""),
            h("span.badge.role", { dataset: { role: m.role } }, roleLabel(m.role)),
            (badges.get(m.id) || []).map((b) => h("span.badge.feature", {}, b)),
            m.presence !== "connected" ? h("span.muted.small", {}, PRESENCE[m.presence]) : null,
          ),
          iLead && m.id !== me.id ? this.actions(m, me) : null,
        ),
      ),
    );
  }

  actions(m, me) {
    const send = this.ctx.send;
    const who = m.name;
    const items = [
      h("button.small", { onclick: () => this.askMute(m), "aria-label": `Ask to mute: ${who}` }, "Ask to mute"),
    ];
    if (may(this.ctx.store.state, "set_role", me.role) && m.role !== "facilitator") {
      const select = h(
        "select.small",
        { "aria-label": `Role of ${who}` },
        ["co_facilitator", "participant", "observer"].map((r) => h("option", { value: r, selected: r === m.role }, roleLabel(r))),
      );
      select.addEventListener("change", () => send("set_role", { target: m.id, role: select.value }));
      items.push(select);
      items.push(
        h("button.small", { onclick: async () => (await confirmInPage(`Make ${who} the facilitator? You become co-facilitator.`, "Hand off")) && send("hand_off", { target: m.id }), "aria-label": `Hand off to ${who} (the facilitator role)` }, "Hand off"),
      );
    }
    if (m.role !== "facilitator") {
      items.push(
        h("button.small.danger", { onclick: async () => (await confirmInPage(`Remove ${who} from the room?`, "Remove")) && send("remove_member", { target: m.id }), "aria-label": `Remove ${who}` }, "Remove"),
      );
    }
    return h("div.person-actions", {}, items);
  }

  askMute(m) {
    this.ctx.conn.relay("ask_mute", { to: m.id });
    this.ctx.toast(`Asked ${m.name} to mute`);
  }
}
