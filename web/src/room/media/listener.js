// This browser's microphone to the room's listener (server/media/): one send-only audio connection,
// low bitrate, negotiated through the room's signalling with "listener" as the peer. The listener
// measures who actually spoke; it records only while a recording was announced to everyone, and never
// someone who declined. A new listener (its node died and another took the room) is announced with a
// `listener` relay: the connection is made again at once.

const LISTENER = "listener";
const BITRATE = 24_000; // Opus speech stays intelligible well below this; the listener needs no more

export class ListenerLink {
  constructor({ conn, local, iceServers }) {
    this.conn = conn;
    this.local = local;
    this.iceServers = iceServers || [];
    this.pc = null;
    this.session = Math.random().toString(36).slice(2, 10);
    this.listenerId = null;
    this.queue = Promise.resolve();
    local.addEventListener("change", () => this.sayMuted());
    local.addEventListener("track", (e) => {
      if (e.detail.kind !== "audio" || !this.pc) return;
      const sender = this.pc.getSenders().find((s) => s.track?.kind === "audio" || s.track === null);
      if (sender) sender.replaceTrack(e.detail.track);
      else this.connect();
    });
  }

  /** (Re)open the connection: a fresh RTCPeerConnection and an offer. No microphone: nothing to send. */
  async connect() {
    this.close();
    const track = this.local.audioTrack;
    if (!track) return;
    const pc = (this.pc = new RTCPeerConnection({ iceServers: this.iceServers }));
    const transceiver = pc.addTransceiver(track, { direction: "sendonly", streams: [this.local.stream] });
    pc.onicecandidate = ({ candidate }) => candidate && this.signal("ice", candidate.toJSON());
    pc.onconnectionstatechange = () => {
      if (pc === this.pc && pc.connectionState === "failed") setTimeout(() => pc === this.pc && this.connect(), 1000);
    };
    await pc.setLocalDescription();
    this.signal("offer", pc.localDescription.toJSON());
    const params = transceiver.sender.getParameters();
    if (params.encodings?.length) {
      params.encodings[0].maxBitrate = BITRATE;
      transceiver.sender.setParameters(params).catch(() => {});
    }
    this.sayMuted();
  }

  signal(kind, payload) {
    this.conn.relay("signal", { to: LISTENER, kind, session: this.session, payload });
  }

  /** Muted means zero: the listener is told, and counts nothing from this microphone meanwhile. */
  sayMuted() {
    if (this.pc) this.conn.relay("media_state", { to: LISTENER, audio: this.local.audioOn, video: false });
  }

  /** The listener's answer. */
  onSignal({ kind, session, payload }) {
    const pc = this.pc;
    if (!pc || kind !== "answer" || pc.signalingState !== "have-local-offer") return;
    this.listenerId = session;
    this.queue = this.queue.then(() => pc.setRemoteDescription(payload)).catch((err) => console.warn("listener answer", err));
  }

  /** A listener started (a node took the room over): connect to it if it is not the one we have. */
  onAnnounce({ id }) {
    if (id && id !== this.listenerId && this.pc) this.connect();
  }

  async stats() {
    if (!this.pc) return { state: "none", bytesSent: 0 };
    const report = await this.pc.getStats();
    let bytesSent = 0;
    report.forEach((s) => {
      if (s.type === "outbound-rtp") bytesSent += s.bytesSent || 0;
    });
    return { state: this.pc.connectionState, bytesSent, listener: this.listenerId };
  }

  close() {
    if (this.pc) this.pc.close();
    this.pc = null;
  }
}
