// This browser's microphone and camera: one MediaStream whose tracks the mesh sends to every peer.

const PREFS = "pg:media";

export class LocalMedia extends EventTarget {
  constructor() {
    super();
    this.stream = new MediaStream();
    const saved = JSON.parse(localStorage.getItem(PREFS) || "{}");
    this.audioOn = saved.audioOn ?? true;
    this.videoOn = saved.videoOn ?? true;
    this.audioDevice = saved.audioDevice || "";
    this.videoDevice = saved.videoDevice || "";
    this.error = "";
    /** why each device is missing, in words with what to do (empty while it works) */
    this.problems = { audio: "", video: "" };
  }

  save() {
    const { audioOn, videoOn, audioDevice, videoDevice } = this;
    localStorage.setItem(PREFS, JSON.stringify({ audioOn, videoOn, audioDevice, videoDevice }));
  }

  get audioTrack() {
    return this.stream.getAudioTracks()[0] || null;
  }

  get videoTrack() {
    return this.stream.getVideoTracks()[0] || null;
  }

  /** Ask for microphone and camera (once); a refusal leaves the member in the room without them. */
  async start() {
    await this.open("audio", this.audioDevice);
    await this.open("video", this.videoDevice);
    this.apply();
  }

  async open(kind, deviceId) {
    const constraints =
      kind === "audio"
        ? { echoCancellation: true, noiseSuppression: true, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) }
        : { width: { ideal: 640 }, height: { ideal: 360 }, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) };
    let track;
    try {
      const got = await navigator.mediaDevices.getUserMedia({ [kind]: constraints });
      track = got.getTracks()[0];
    } catch (err) {
      if (deviceId) return this.open(kind, ""); // the saved device is gone: use the default one
      this.problems[kind] = explain(kind, err);
      this.error = [this.problems.audio, this.problems.video].filter(Boolean).join(" ");
      this.dispatchEvent(new Event("change"));
      return;
    }
    const old = kind === "audio" ? this.audioTrack : this.videoTrack;
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(track);
    this.problems[kind] = "";
    this.error = [this.problems.audio, this.problems.video].filter(Boolean).join(" ");
    if (kind === "audio") this.audioDevice = track.getSettings().deviceId || deviceId;
    else this.videoDevice = track.getSettings().deviceId || deviceId;
    this.dispatchEvent(new CustomEvent("track", { detail: { kind, track, old } }));
  }

  /** Switch to another microphone or camera; the mesh swaps the track on every peer without renegotiating. */
  async use(kind, deviceId) {
    await this.open(kind, deviceId);
    this.apply();
  }

  toggle(kind, on) {
    if (kind === "audio") this.audioOn = on ?? !this.audioOn;
    else this.videoOn = on ?? !this.videoOn;
    this.apply();
  }

  /** Muting disables the track (no audio leaves the browser) but keeps it, so unmuting is instant. */
  apply() {
    if (this.audioTrack) this.audioTrack.enabled = this.audioOn;
    if (this.videoTrack) this.videoTrack.enabled = this.videoOn;
    this.save();
    this.dispatchEvent(new Event("change"));
  }

  async devices() {
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
      audio: all.filter((d) => d.kind === "audioinput"),
      video: all.filter((d) => d.kind === "videoinput"),
    };
  }

  stop() {
    for (const t of this.stream.getTracks()) t.stop();
  }
}

/** A refused or missing device in words a participant can act on (not the browser's error text). */
export function explain(kind, err) {
  const what = kind === "audio" ? "microphone" : "camera";
  switch (err?.name) {
    case "NotAllowedError":
    case "SecurityError":
      return `Your ${what} is blocked for this page. To use it, click the camera or lock icon in the address bar, allow the ${what}, and reload the page.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return `No ${what} was found. Plug one in (or turn it on), then choose it under Devices.`;
    case "NotReadableError":
    case "AbortError":
      return `Your ${what} is in use by another app or cannot start. Close the other app, then reload the page.`;
    default:
      return `Your ${what} could not start (${err?.message || "unknown error"}). Reload the page to try again.`;
  }
}
