// The socket to the room: join, resume after any drop (even a server restart), and the ordered stream.
import { io } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";
import { viewer } from "./store.js";

const PROTOCOL_VERSION = 1;
const ACK_TIMEOUT_MS = 10000;

/** sessionStorage keys, per room: survive a reload of this tab, not shared with other tabs. */
export const keys = (roomId) => ({
  link: `pg:${roomId}:link`,
  member: `pg:${roomId}:member`,
  name: `pg:${roomId}:name`,
});

export class RoomConnection {
  /**
   * @param {object} o
   * @param {string} o.roomId
   * @param {string} o.linkToken  the signed link token from `#t=`
   * @param {import("./store.js").RoomStore} o.store
   * @param {object} o.on  callbacks: status(state, detail), joined(ack), admitted(), closed(msg), relay(msg), fatal(msg)
   */
  constructor({ roomId, linkToken, store, on }) {
    this.roomId = roomId;
    this.store = store;
    this.on = on;
    this.keys = keys(roomId);
    this.linkToken = linkToken;
    this.name = "";
    this.me = null;
    this.ended = false;
    this.socket = io(location.origin, {
      parser: msgpackParser,
      transports: ["websocket", "polling"],
      // Read at every (re)connect: a link of an earlier session connects only with `resume`.
      // (no `undefined` values: the msgpack parser would encode them as an extension type)
      auth: (cb) => {
        const auth = { v: PROTOCOL_VERSION, token: this.linkToken };
        const resume = sessionStorage.getItem(this.keys.member);
        if (resume) auth.resume = resume;
        cb(auth);
      },
      autoConnect: false,
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.3,
    });
    const s = this.socket;
    s.on("connect", () => this.join());
    s.on("disconnect", (reason) => {
      if (this.ended) return;
      this.on.status("reconnecting", reason);
      // The server ending the socket on purpose means no automatic retry in socket.io; we want one
      // unless the server told us we are out (`closed` sets `ended`).
      if (reason === "io server disconnect") setTimeout(() => !this.ended && s.connect(), this.moved ? 0 : 500);
      this.moved = false;
    });
    // A node draining for a restart says so before it closes the socket: come back at once, to
    // whichever node the load balancer picks, with `resume` and `last_seq` as after any drop.
    s.on("moved", () => (this.moved = true));
    s.on("connect_error", (err) => {
      if (s.active) return this.on.status("reconnecting", err.message);
      this.fail(err.data?.message || err.message);
    });
    s.on("snapshot", (msg) => this.store.snapshot(msg));
    s.on("event", (msg) => this.store.event(msg));
    s.on("relay", (msg) => this.on.relay(msg));
    s.on("admitted", () => this.on.admitted());
    s.on("closed", (msg) => {
      this.ended = true;
      sessionStorage.removeItem(this.keys.member);
      this.on.closed(msg);
    });
  }

  /** Enter the room as `name` (the first time) and keep coming back as the same member. */
  start(name) {
    this.name = name;
    sessionStorage.setItem(this.keys.name, name);
    this.socket.connect();
  }

  async join() {
    const resume = sessionStorage.getItem(this.keys.member);
    const request = { name: this.name };
    if (resume) {
      request.resume = resume;
      if (this.store.state !== null) request.last_seq = this.store.seq;
    }
    let ack;
    try {
      ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("join", request);
    } catch {
      this.socket.disconnect().connect();
      return;
    }
    if (!ack.ok) {
      const code = ack.error.code;
      if (resume && (code === "bad_token" || code === "not_member")) {
        // The room moved on to a new session or forgot us: come in as someone new.
        sessionStorage.removeItem(this.keys.member);
        this.store.state = null;
        return this.join();
      }
      if (ack.error.retryable) {
        setTimeout(() => this.socket.connected && this.join(), 1000);
        return;
      }
      return this.fail(ack.error.message);
    }
    sessionStorage.setItem(this.keys.member, ack.me.token);
    this.store.syncClock(ack.now);
    this.me = ack.me;
    viewer.id = ack.me.id;
    this.on.joined(ack);
    this.on.status(ack.status === "waiting" ? "waiting" : "connected");
  }

  /**
   * Start again from a whole snapshot. What a member may see depends on their role (the lobby's names,
   * airtime), and events do not re-send what a new role reveals, so a changed role re-reads the room.
   */
  resync() {
    this.store.state = null;
    this.socket.disconnect().connect();
  }

  fail(message) {
    this.ended = true;
    this.socket.disconnect();
    this.on.fatal(message);
  }

  /** Send a command; resolves with its ack (`{ok, seq}` or `{ok: false, error}`), never throws. */
  async send(event, data = {}) {
    try {
      return await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, data);
    } catch {
      return { ok: false, error: { code: "timeout", message: "no answer from the server; try again", retryable: true } };
    }
  }

  /** Ephemeral messages are fire-and-forget (a lost cursor or ICE candidate is replaced by the next). */
  relay(event, data) {
    if (this.socket.connected) this.socket.emit(event, data);
  }

  leave() {
    this.ended = true;
    sessionStorage.removeItem(this.keys.member);
    return this.send("leave").finally(() => this.socket.disconnect());
  }
}
