// The WebRTC mesh: one RTCPeerConnection per other member, signalled through the server's relay.
//
// Negotiation follows the "perfect negotiation" pattern (W3C webrtc-pc, section 10.7): both sides may
// offer at any time; on a collision the polite side (the greater member id) yields. So nobody has
// to decide who calls whom, and renegotiation after a device change or an ICE restart just works.

const SESSION = Math.random().toString(36).slice(2, 10); // this page load; a reload is a new peer
/** a link negotiating for longer than this without connecting is negotiated again */
const STUCK_MS = 15_000;

class PeerLink {
  /** `calling`: this side offers first; otherwise it waits for the other's offer and answers it. */
  constructor(mesh, peerId, remoteSession, calling) {
    this.mesh = mesh;
    this.peerId = peerId;
    this.remoteSession = remoteSession || null;
    this.polite = mesh.myId > peerId;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.queue = Promise.resolve();
    /** ICE candidates that came before any remote description (its answer was lost on the way) */
    this.early = [];
    this.stream = new MediaStream();
    this.tracksAdded = false;
    /** when this link last started negotiating (the watchdog renegotiates one stuck for long) */
    this.triedAt = performance.now();
    /** the peer's camera-and-microphone stream id (the first one it sent that is not its screen) */
    this.cameraId = null;
    /** the peer's other streams (a screen share), by stream id */
    this.screens = new Map();
    /** our screen share's senders on this link, to take them off again */
    this.screenSenders = [];
    const pc = (this.pc = new RTCPeerConnection({ iceServers: mesh.iceServers }));
    if (calling) this.addTracks();
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.send("offer", pc.localDescription.toJSON());
      } catch (err) {
        console.warn("offer failed", err);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => candidate && this.send("ice", candidate.toJSON());
    pc.ontrack = ({ track, streams }) => {
      const sid = streams[0]?.id;
      if (sid && this.cameraId === null && !mesh.isScreen(peerId, sid)) this.cameraId = sid;
      if (sid && sid !== this.cameraId) {
        // A second stream from the same peer is their screen share, shown apart from their tile.
        this.screens.set(sid, streams[0]);
        mesh.emit("screen", { id: peerId, streamId: sid });
        return;
      }
      this.stream.addTrack(track);
      track.onended = () => this.stream.removeTrack(track);
      mesh.emit("stream", { id: peerId, stream: this.stream });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed") pc.restartIce();
      if (pc.connectionState === "connected") mesh.tune();
      mesh.emit("state", { id: peerId, state: pc.connectionState });
    };
  }

  /** Send what we have, and receive both kinds even with nothing to send (an observer, a refused camera). */
  addTracks() {
    if (this.tracksAdded) return;
    this.tracksAdded = true;
    const local = this.mesh.local.stream;
    for (const track of local.getTracks()) this.pc.addTrack(track, local);
    if (!local.getAudioTracks().length) this.pc.addTransceiver("audio", { direction: "recvonly" });
    if (!local.getVideoTracks().length) this.pc.addTransceiver("video", { direction: "recvonly" });
    if (this.mesh.screen) this.addScreen(this.mesh.screen);
  }

  /** Send our screen share on this link (a renegotiation adds its transceiver). */
  addScreen(stream) {
    this.screenSenders = stream.getTracks().map((t) => this.pc.addTrack(t, stream));
  }

  removeScreen() {
    for (const sender of this.screenSenders) {
      try {
        this.pc.removeTrack(sender);
      } catch {
        // the link closed meanwhile
      }
    }
    this.screenSenders = [];
  }

  send(kind, payload) {
    this.mesh.conn.relay("signal", { to: this.peerId, kind, session: SESSION, payload });
  }

  async signal(kind, payload) {
    const pc = this.pc;
    if (kind === "ice") {
      // Candidates sent after an answer that was lost arrive before its resent copy: keep them for it.
      if (!pc.remoteDescription) return void this.early.push(payload);
      return this.addCandidate(payload);
    }
    const collision = kind === "offer" && (this.makingOffer || pc.signalingState !== "stable");
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    await pc.setRemoteDescription(payload);
    for (const candidate of this.early.splice(0)) await this.addCandidate(candidate);
    if (kind === "offer") {
      // Answering the first offer: our tracks take the transceivers it opened, so no second round.
      this.addTracks();
      await pc.setLocalDescription();
      this.send("answer", pc.localDescription.toJSON());
    }
  }

  async addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      if (!this.ignoreOffer) console.warn("ice candidate refused", err);
    }
  }

  /** A switched device: swap the track in place (no renegotiation unless this kind was receive-only). */
  replaceTrack(kind, track) {
    const t = this.pc.getTransceivers().find((x) => x.receiver.track.kind === kind);
    if (!t) return this.pc.addTrack(track, this.mesh.local.stream);
    t.sender.replaceTrack(track);
    if (t.direction === "recvonly") {
      t.sender.setStreams(this.mesh.local.stream);
      t.direction = "sendrecv";
    }
  }

  /** Stop sending to this peer (another group): the link stays up, so resuming is instant. */
  suspend() {
    if (this.suspended) return;
    this.suspended = true;
    for (const sender of this.pc.getSenders()) if (sender.track) sender.replaceTrack(null);
  }

  resume() {
    if (!this.suspended) return;
    this.suspended = false;
    const local = this.mesh.local.stream;
    for (const t of this.pc.getTransceivers()) {
      const track = t.receiver.track.kind === "audio" ? local.getAudioTracks()[0] : local.getVideoTracks()[0];
      if (track && t.sender && t.direction !== "recvonly") t.sender.replaceTrack(track);
    }
    // A link whose negotiation the split cut short (its answer or candidates were refused: the two
    // were in different spaces by then) would stay dead on the way back: negotiate it again.
    if (this.pc.connectionState !== "connected") this.renegotiate();
  }

  /**
   * Negotiate again from whichever state the last negotiation was left in; the side that made the
   * last offer drives, so the two never start crossing offers on a half-made negotiation.
   * - An offer still waiting for its answer is sent again as it is: the offer or its answer was
   *   lost, and the other side may already have applied it. Rolling it back instead gave the next
   *   offer its m-lines in another order than the one the other side answered, and it refused that
   *   offer and every later one ("The order of m-lines in subsequent offer doesn't match"): with
   *   the impolite side calling, the link never connected.
   * - The side whose last word was an answer waits for the offerer to send again: an ICE-restart
   *   offer from it, crossing a resent offer, is answered by a side that never got the first answer
   *   and fails ("Failed to set SSL role for the transport").
   * - Otherwise (negotiated, never connected): new ICE credentials (restartIce fires negotiationneeded).
   */
  renegotiate() {
    this.triedAt = performance.now();
    this.queue = this.queue
      .then(async () => {
        const pc = this.pc;
        if (pc.signalingState === "have-local-offer") this.send("offer", pc.localDescription.toJSON());
        else if (pc.signalingState === "have-remote-offer") {
          await pc.setLocalDescription(); // the answer we owe (its making failed)
          this.send("answer", pc.localDescription.toJSON());
        } else if (pc.currentLocalDescription?.type !== "answer") pc.restartIce();
      })
      .catch((err) => console.warn("renegotiation failed", err));
  }

  close() {
    this.pc.close();
  }
}

export class Mesh extends EventTarget {
  constructor({ conn, local, iceServers }) {
    super();
    this.conn = conn;
    this.local = local;
    this.iceServers = iceServers || [];
    this.myId = null;
    this.links = new Map();
    /** our screen share while it runs (sent on every link, new ones included) */
    this.screen = null;
    /** (peer id, stream id) the room says is a screen share: set by the screen view from the state */
    this.isScreen = () => false;
    local.addEventListener("track", (e) => {
      for (const link of this.links.values()) if (!link.suspended) link.replaceTrack(e.detail.kind, e.detail.track);
    });
    // A signal sent while the other's socket was reconnecting is lost (the relay has nobody to give it
    // to), and a negotiation missing its answer or candidates never completes by itself: an active
    // link that has not connected within STUCK_MS negotiates again.
    this.watchdog = setInterval(() => this.unstick(), STUCK_MS / 2);
  }

  unstick() {
    const now = performance.now();
    for (const link of this.links.values()) {
      const state = link.pc.connectionState;
      if (!link.suspended && state !== "connected" && state !== "closed" && now - link.triedAt > STUCK_MS) link.renegotiate();
    }
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Keep one link per present member; close links to members who left. The later arrival calls the
   * earlier ones (who may not know it yet); they answer. Two offers crossing is still handled.
   */
  sync(members, active) {
    if (!this.myId) return;
    const me = members.find((m) => m.id === this.myId);
    const others = members.filter((m) => m.id !== this.myId && m.presence !== "left");
    // `active`: the members of this browser's space (its group); links to the rest are suspended.
    const inSpace = (id) => !active || active.has(id);
    for (const m of others) {
      const later = me && (me.joined_at > m.joined_at || (me.joined_at === m.joined_at && me.id > m.id));
      if (!this.links.has(m.id) && m.presence === "connected" && later && inSpace(m.id)) this.open(m.id, null, true);
    }
    const wanted = new Set(others.map((m) => m.id));
    for (const id of [...this.links.keys()]) if (!wanted.has(id)) this.drop(id);
    for (const [id, link] of this.links) (inSpace(id) ? link.resume() : link.suspend());
  }

  open(id, remoteSession, calling = false) {
    const link = new PeerLink(this, id, remoteSession, calling);
    this.links.set(id, link);
    return link;
  }

  drop(id) {
    const link = this.links.get(id);
    if (!link) return;
    link.close();
    this.links.delete(id);
    this.tune();
    this.emit("gone", { id });
  }

  /** A relayed `signal` from `from`. A new page-load session means the peer reloaded: start afresh. */
  async onSignal(from, { kind, session, payload }) {
    let link = this.links.get(from);
    if (link && link.remoteSession && link.remoteSession !== session) {
      if (kind !== "offer") return; // a late candidate from the old page
      this.drop(from);
      link = null;
    }
    if (!link) link = this.open(from, session);
    link.remoteSession ||= session;
    // One at a time, in arrival order: a candidate must not overtake the offer it belongs to.
    link.queue = link.queue.then(() => link.signal(kind, payload)).catch((err) => console.warn("signal failed", kind, err));
    return link.queue;
  }

  /** For the status display and the tests: each link's state and the bytes received so far. */
  async stats() {
    const out = {};
    for (const [id, link] of this.links) {
      const report = await link.pc.getStats();
      const entry = { state: link.pc.connectionState, audioBytes: 0, videoBytes: 0 };
      report.forEach((s) => {
        if (s.type === "inbound-rtp") entry[s.kind === "audio" ? "audioBytes" : "videoBytes"] += s.bytesReceived || 0;
      });
      out[id] = entry;
    }
    return out;
  }

  /**
   * In a mesh every browser uploads its video once per peer, so the per-peer budget shrinks as the
   * room grows (a typical home uplink carries about 2-3 Mbit/s); audio is never throttled.
   */
  tune() {
    const peers = this.links.size;
    const bitrate = peers <= 2 ? 900_000 : peers <= 4 ? 500_000 : 300_000;
    const scale = peers <= 2 ? 1 : peers <= 4 ? 1.5 : 2;
    for (const link of this.links.values()) {
      for (const sender of link.pc.getSenders()) {
        if (sender.track?.kind !== "video") continue;
        const params = sender.getParameters();
        if (!params.encodings?.length) continue;
        params.encodings[0].maxBitrate = bitrate;
        params.encodings[0].scaleResolutionDownBy = scale;
        sender.setParameters(params).catch(() => {});
      }
    }
  }

  /** Show `stream` (from getDisplayMedia) to every peer; `null` takes it off again. */
  shareScreen(stream) {
    for (const link of this.links.values()) link.removeScreen();
    this.screen = stream;
    if (stream) for (const link of this.links.values()) if (link.tracksAdded) link.addScreen(stream);
  }

  /** The screen share stream `streamId` received from `peerId`, when it has arrived. */
  remoteScreen(peerId, streamId) {
    return this.links.get(peerId)?.screens.get(streamId) || null;
  }

  close() {
    clearInterval(this.watchdog);
    for (const id of [...this.links.keys()]) this.drop(id);
  }
}
