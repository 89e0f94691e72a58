// The room page: pre-join (name, devices, code of conduct), the lobby, then the room itself.
import { $, fill, h, showScreen } from "../dom.js";
import { alertNow, announce, toast } from "./announcer.js";
import { confirmInPage } from "./confirm.js";
import { RoomConnection, keys } from "./connection.js";
import { ListenerLink } from "./media/listener.js";
import { LocalMedia } from "./media/local.js";
import { Mesh } from "./media/mesh.js";
import { SpeakingMeter } from "./media/speaking.js";
import "./reducers/agenda.js";
import "./reducers/board.js";
import "./reducers/chat.js";
import "./reducers/floor.js";
import "./reducers/membership.js";
import "./reducers/moderation.js";
import { mode as reflectionMode } from "./reducers/reflections.js";
import "./reducers/screen.js";
import "./reducers/sessions.js";
import "./reducers/spaces.js";
import "./reducers/speech.js";
import { fillDeviceSelects, prejoin, setPressed } from "./prejoin.js";
import { installShortcuts, shortcut } from "./shortcuts.js";
import { RoomStore, may, member, present } from "./store.js";
import { AgendaView } from "./views/agenda.js";
import { AgendaEditorView } from "./views/agenda-editor.js";
import { BoardView } from "./views/board.js";
import { ChatView } from "./views/chat.js";
import { CockpitView } from "./views/cockpit.js";
import { FloorView } from "./views/floor.js";
import { PeopleView, roleLabel } from "./views/people.js";
import { ReactionsView } from "./views/reactions.js";
import { RecordingView, showPrejoinNotice } from "./views/recording.js";
import { ReflectionsView } from "./views/reflections.js";
import { ScreenView } from "./views/screen.js";
import { SettingsView } from "./views/settings.js";
import { SpacesView } from "./views/spaces.js";
import { SpeechView } from "./views/speech.js";

const roomId = decodeURIComponent(location.pathname.split("/")[2] || "");
const k = keys(roomId);
const store = new RoomStore();
const local = new LocalMedia();
/** Feature views (floor, agenda, board, reflections) register here and get every change. */
const views = [];

const ctx = {
  store,
  local,
  conn: null,
  mesh: null,
  info: null,
  views,
  toast,
  reflectionMode,
  announce,
  alertNow,
  me: () => {
    const id = ctx.conn?.me?.id;
    return member(store.state, id) || ctx.conn?.me || { id: null, role: "participant" };
  },
  /** Send a command; a refusal is shown and announced, never silent. */
  async send(event, data) {
    const ack = await ctx.conn.send(event, data);
    if (!ack.ok) toast(ack.error.message, "error");
    return ack;
  },
};
window.peergroup = ctx; // for the browser tests and for curious people in the console

async function main() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("t");
  if (fromHash) sessionStorage.setItem(k.link, fromHash);
  const linkToken = fromHash || sessionStorage.getItem(k.link);
  if (!roomId || !linkToken) return ended("This link is incomplete", "Ask the facilitator for the full link (it ends in #t=…).");
  let res;
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}`, { headers: { Authorization: `Bearer ${linkToken}` } });
  } catch {
    return ended("The server cannot be reached", "Check your connection and reload the page.");
  }
  const info = await res.json().catch(() => ({}));
  if (!res.ok) return ended(...badLink(info.error?.code, res.status));
  ctx.info = info;
  showPrejoinNotice(info);
  document.title = `${info.title} · peergroup`;
  ctx.conn = new RoomConnection({ roomId, linkToken, store, on: connectionCallbacks() });
  const name = sessionStorage.getItem(k.name);
  if (sessionStorage.getItem(k.member) && name) {
    // A reload of a tab that was in the room: straight back in, as the same member.
    if (info.role !== "observer") await local.start();
    return enter(name);
  }
  prejoin(info, local, enter);
}

/** What a link that does not open a room means for the person holding it, and what to do. */
function badLink(code, status) {
  const ask = "Ask the facilitator to send you the link again.";
  const lines = {
    token_expired: ["This link has expired", `Links stop working after a while, and when a new session of the room begins. ${ask}`],
    bad_token: ["This link is incomplete or was changed", `Copy the whole link, including the part after #t=, or ${ask.toLowerCase()}`],
    wrong_room: ["This link is for another room", ask],
    no_such_room: ["This room does not exist", `It may have been closed. ${ask}`],
  };
  return lines[code] || ["This link does not open a room", `The server answered ${status}. ${ask}`];
}

// -- the connection ------------------------------------------------------------------------------

function connectionCallbacks() {
  let wasConnected = false;
  const callbacks = {
    status(state, detail) {
      const banner = $("#banner");
      const badge = $("#conn-status");
      if (state === "reconnecting") {
        banner.hidden = false;
        banner.textContent = "Connection lost. Reconnecting… you will be back in the room automatically.";
        badge.textContent = "Reconnecting";
        badge.className = "badge warn";
        if (wasConnected) announce("Connection lost, reconnecting");
        wasConnected = false;
      } else {
        banner.hidden = true;
        badge.textContent = state === "waiting" ? "In the lobby" : "Connected";
        badge.className = "badge ok";
        if (!wasConnected && ctx.joinedOnce) announce("Reconnected");
        wasConnected = true;
        ctx.joinedOnce = true;
      }
      document.body.dataset.connection = state;
      // While the connection is down nothing that needs the server can be pressed (mic and camera
      // still work: they are this browser's); `inert` keeps each button's own disabled state.
      for (const el of document.querySelectorAll(NEEDS_SERVER)) el.inert = state === "reconnecting";
    },
    joined(ack) {
      ctx.mesh.myId = ack.me.id;
      ctx.recording.joined().then(() => ack.status !== "waiting" && ctx.listener.connect());
      if (ack.status === "waiting") showScreen("screen-lobby");
      else showRoom();
    },
    admitted() {
      announce("You have been admitted");
      callbacks.status("connected"); // the badge said "In the lobby" until the next reconnect
      ctx.listener.connect();
      showRoom();
    },
    closed(msg) {
      const title = msg.code === "denied" ? "You were not admitted" : msg.code === "removed" ? "You were removed from the room" : "The room closed your connection";
      ended(title, msg.message);
    },
    relay(msg) {
      const handler = RELAYS[msg.type];
      if (handler) handler(msg.member_id, msg.data);
    },
    fatal(message) {
      ended("Could not join the room", message);
    },
  };
  return callbacks;
}

/** What stops working while the socket is down. */
const NEEDS_SERVER = "#btn-hand, #btn-ready, #btn-chat, #btn-react, #btn-share, #cockpit, #sidebar, #tabs, .tabpanel, #reaction-menu";

/** Ephemeral messages from other members, by type. Features add theirs (cursors). */
const RELAYS = {
  signal: (from, data) => (from === "listener" ? ctx.listener.onSignal(data) : ctx.mesh.onSignal(from, data)),
  listener: (from, data) => ctx.listener.onAnnounce(data),
  media_state: (from, data) => ctx.people.setMediaState(from, data),
  ask_mute: (from) => {
    const sender = member(store.state, from);
    if (!sender || !may(store.state, "ask_mute", sender.role)) return; // only those the table lets ask
    local.mutedBy = sender.name;
    if (local.audioOn) local.toggle("audio", false);
    else onLocalChange();
    alertNow(`${sender.name} asked you to mute. Your microphone is now off.`);
    toast(`${sender.name} asked you to mute; your microphone is off`, "warn");
  },
};
RELAYS.move_cursor = (from, data) => ctx.board?.onCursor(from, data);
RELAYS.preview_stroke = (from, data) => ctx.board?.onPreview(from, data);
RELAYS.writing = (from, data) => ctx.reflections?.onWriting(data);
ctx.relays = RELAYS;

function enter(name) {
  ctx.mesh = new Mesh({ conn: ctx.conn, local, iceServers: ctx.info.ice_servers });
  ctx.listener = new ListenerLink({ conn: ctx.conn, local, iceServers: ctx.info.ice_servers });
  ctx.recording = new RecordingView(ctx);
  ctx.meter = new SpeakingMeter((id, on) => ctx.people.setSpeaking(id, on));
  ctx.people = new PeopleView(ctx);
  views.unshift(ctx.people);
  ctx.mesh.addEventListener("stream", (e) => {
    ctx.people.setStream(e.detail.id, e.detail.stream);
    ctx.meter.watch(e.detail.id, e.detail.stream);
    ctx.conn.relay("media_state", { to: e.detail.id, audio: local.audioOn, video: local.videoOn });
  });
  ctx.mesh.addEventListener("gone", (e) => ctx.meter.unwatch(e.detail.id));
  ctx.mesh.addEventListener("state", (e) => {
    if (e.detail.state === "connected") ctx.conn.relay("media_state", { to: e.detail.id, audio: local.audioOn, video: local.videoOn });
  });
  ctx.conn.start(name);
}

let roomShown = false;

function showRoom() {
  showScreen("screen-room");
  if (roomShown) return;
  roomShown = true;
  $("#room-title").textContent = ctx.info.title;
  const me = ctx.conn.me;
  ctx.people.setStream(me.id, local.stream);
  ctx.meter.watch(me.id, local.stream);
  local.addEventListener("change", onLocalChange);
  local.addEventListener("track", () => ctx.meter.watch(me.id, local.stream));
  const floor = new FloorView(ctx);
  ctx.board = new BoardView(ctx);
  ctx.reflections = new ReflectionsView(ctx);
  const agenda = new AgendaView(ctx);
  ctx.agendaEditor = new AgendaEditorView(ctx);
  ctx.cockpit = new CockpitView(ctx);
  ctx.chat = new ChatView(ctx);
  ctx.reactions = new ReactionsView(ctx);
  ctx.screen = new ScreenView(ctx);
  views.push(floor, agenda, ctx.board, ctx.reflections, ctx.agendaEditor, ctx.cockpit, ctx.chat, ctx.reactions, ctx.screen, new SettingsView(ctx), new SpacesView(ctx), new SpeechView(ctx), ctx.recording);
  ctx.people.badges = () => floor.badges(store.state);
  onLocalChange();
  store.subscribe(onChange);
  if (store.state) onChange({ type: "snapshot" }, store.state);
  installControls();
  installShortcuts();
  fillDeviceSelects(local);
  $("#main").focus();
  announce(`You are in ${ctx.info.title}`);
}

function onLocalChange() {
  const mic = Boolean(local.audioTrack);
  const cam = Boolean(local.videoTrack);
  if (local.audioOn) local.mutedBy = "";
  // The icon is slashed and the words say what is true now (a refused device says so, not "Mic on").
  setPressed($("#btn-mic"), local.audioOn && mic, "Mute", mic ? (local.mutedBy ? "Unmute (asked)" : "Unmute") : "No mic");
  setPressed($("#btn-cam"), local.videoOn && cam, "Camera off", cam ? "Camera on" : "No camera");
  $("#btn-mic").disabled = !mic;
  $("#btn-cam").disabled = !cam;
  $("#btn-mic").title = mic ? "Microphone (m)" : local.problems.audio;
  $("#btn-cam").title = cam ? "Camera (v)" : local.problems.video;
  const notes = [local.error, local.mutedBy && mic && !local.audioOn ? `${local.mutedBy} asked you to mute. Unmute when you want to speak.` : ""];
  $("#media-problem").textContent = notes.filter(Boolean).join(" ");
  $("#media-problem").hidden = !notes.some(Boolean);
  ctx.conn.relay("media_state", { audio: local.audioOn, video: local.videoOn });
  ctx.people.render();
}

/**
 * Events that change only the listener's measurements (`state.speech`), once a second or so while
 * anyone speaks: they go to the views that show speech (`showsSpeech`) and no others, so the rest of
 * the page is not rebuilt under the pointer and the keyboard focus every second.
 */
const MEASUREMENTS = new Set(["SpeechMeasured", "ListenerLoadChanged"]);

/** Every change to the room: re-render the views and say what matters. */
function onChange(change, state) {
  if (MEASUREMENTS.has(change.type)) {
    for (const view of views) if (view.showsSpeech) view.render(change, state);
    return;
  }
  const me = ctx.me();
  const d = change.data || {};
  const myRoleChanged =
    (change.type === "RoleChanged" && d.member_id === me.id) ||
    (change.type === "FacilitatorHandedOff" && (d.to_id === me.id || d.from_id === me.id));
  if (myRoleChanged) setTimeout(() => ctx.conn.resync(), 0);
  if (change.type === "MemberRenamed" && change.data.member_id === me.id) {
    // Come back under the new name after a reconnect, not the one typed at the door.
    ctx.conn.name = change.data.name;
    sessionStorage.setItem(k.name, change.data.name);
  }
  $("#lock-badge").hidden = !state.locked;
  $("#facilitator-panel").hidden = !may(state, "lock_room", me.role);
  $("#btn-lock").textContent = state.locked ? "Unlock the room" : "Lock the room";
  // A co-facilitator may take over when the facilitator has left (not while they reconnect).
  const lead = state.members.find((m) => m.role === "facilitator");
  $("#btn-claim").hidden = !may(state, "claim_facilitator", me.role) || (lead && lead.presence !== "left");
  $("#btn-next-session").hidden = !may(state, "start_next_session", me.role) || !Array.isArray(state.reflections?.cards);
  $("#btn-end-session").hidden = !may(state, "end_session", me.role) || !("ended_at" in state) || state.ended_at !== null;
  $("#ended-banner").hidden = !state.ended_at;
  $("#alone").hidden = present(state).length > 1;
  document.body.dataset.role = me.role;
  for (const view of views) view.render(change, state);
  ctx.mesh.sync(present(state), ctx.spaceMates?.(state));
  describe(change, state);
}

/** The polite live region: who came and went, what the facilitator changed. */
function describe(change, state) {
  const d = change.data || {};
  const name = (id) => member(state, id)?.name || "Someone";
  const me = ctx.me();
  const lines = {
    MemberJoined: () => `${d.name} joined`,
    MemberLeft: () => `${name(d.member_id)} left`,
    MemberKnocked: () => (may(store.state, "admit", me.role) ? `${d.name || "Someone"} is waiting to be admitted` : null),
    RoomLocked: () => "The room is locked",
    RoomUnlocked: () => "The room is unlocked",
    FacilitatorHandedOff: () => (d.to_id === me.id ? "You are now the facilitator" : `${name(d.to_id)} is now the facilitator`),
    RoleChanged: () => (d.member_id === me.id ? `You are now ${roleLabel(d.role)}` : null),
    SessionEnded: () => "The facilitator ended the session",
    SessionStarted: () => `Session ${d.session} has started`,
  };
  const line = lines[change.type]?.();
  if (line) announce(line);
}

function installControls() {
  $("#btn-mic").onclick = () => local.toggle("audio");
  $("#btn-cam").onclick = () => local.toggle("video");
  $("#btn-help").onclick = () => import("./shortcuts.js").then((m) => m.toggleHelp());
  $("#btn-settings").onclick = () => {
    const panel = $("#devices-panel");
    panel.hidden = !panel.hidden;
    $("#btn-settings").setAttribute("aria-expanded", String(!panel.hidden));
    if (panel.hidden) return;
    $("#sidebar").prepend(panel);
    $("#my-name").value = ctx.me().name || "";
    $("#audio-device").focus();
  };
  $("#btn-leave").onclick = async () => {
    await ctx.conn.leave();
    ctx.mesh.close();
    ctx.listener.close();
    local.stop();
    ended("You have left the room", "Thank you for taking part.");
  };
  $("#btn-lock").onclick = () => ctx.send(store.state.locked ? "unlock_room" : "lock_room");
  $("#btn-claim").onclick = () => ctx.send("claim_facilitator");
  $("#btn-next-session").onclick = nextSession;
  $("#btn-end-session").onclick = endSession;
  $("#rename-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("#my-name").value.trim();
    if (name && (await ctx.send("rename", { name })).ok) {
      localStorage.setItem("pg:name", name);
      toast("Your name is changed");
    }
  });
  for (const tab of document.querySelectorAll("#tabs [role=tab]")) tab.onclick = () => showView(tab.dataset.view);
  $("#tabs").addEventListener("keydown", (e) => {
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    if ((e.key !== "ArrowRight" && e.key !== "ArrowLeft") || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    const tabs = [...document.querySelectorAll("#tabs [role=tab]:not([hidden])")];
    const i = tabs.indexOf(document.activeElement);
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    showView(next.dataset.view);
  });
  shortcut("g", "Show the video", () => showView("video"));
  shortcut("b", "Show the whiteboard", () => !$("#tab-board").hidden && showView("board"));
  shortcut("c", "Show the reflection cards", () => !$("#tab-reflections").hidden && showView("reflections"));
  shortcut("m", "Mute or unmute your microphone", () => $("#btn-mic").click());
  shortcut("v", "Turn your camera off or on", () => $("#btn-cam").click());
}

/** End the session for everyone, after an in-page confirmation (the sidebar's and the cockpit's button). */
async function endSession() {
  if (await confirmInPage("End the session for everyone? The agenda stops where it is, turns end and hands go down.", "End the session")) await ctx.send("end_session");
}
ctx.endSession = endSession;

/** Close this meeting and open the room's next one; the old links stop working, so show the new ones. */
async function nextSession() {
  const question = "Start the next session? Cards, board, hands and airtime start empty; open action items carry over; everyone needs the new links.";
  if (!(await confirmInPage(question, "Start the next session"))) return;
  const ack = await ctx.send("start_next_session");
  if (!ack.ok) return;
  const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/links`, {
    method: "POST",
    headers: { Authorization: `Bearer ${sessionStorage.getItem(k.member)}` },
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) return toast(data.error?.message || "Could not get the new links", "error");
  // Links of the earlier session no longer open the room: reconnect with this session's own.
  sessionStorage.setItem(k.link, data.tokens.facilitator);
  ctx.conn.linkToken = data.tokens.facilitator;
  fill(
    $("#session-links"),
    h("p.small", {}, `Session ${data.session}: send these links.`),
    Object.entries(data.links).map(([role, url]) => h("div.row", {}, h("span.small", {}, roleLabel(role)), h("input.link-url", { value: url, readonly: true, "aria-label": `${roleLabel(role)} link` }))),
  );
}

/** Video, whiteboard or reflections: the tiles shrink to a strip when a board is open. */
function showView(view) {
  $("#main").dataset.view = view;
  for (const tab of document.querySelectorAll("#tabs [role=tab]")) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  for (const panel of document.querySelectorAll("#main .tabpanel")) panel.hidden = panel.id !== `${view}-panel`;
  if (view === "board") ctx.board.draw();
}

function ended(title, text) {
  showScreen("screen-ended");
  $("#ended-title").textContent = title;
  $("#ended-text").textContent = text || "";
  ctx.mesh?.close();
  ctx.listener?.close();
  local.stop();
}

main();
