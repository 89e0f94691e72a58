// Who is speaking: the level of each audio stream, measured in this browser (nothing is sent).

const THRESHOLD = 0.02; // RMS of a normal voice at a laptop microphone is well above; room hiss below
const HOLD_MS = 400; // stay "speaking" through the short gaps between words

export class SpeakingMeter {
  constructor(onChange) {
    this.onChange = onChange;
    this.ctx = null;
    this.sources = new Map(); // id -> {analyser, source, speaking, lastLoud}
    this.buffer = new Float32Array(1024);
    this.timer = setInterval(() => this.measure(), 100);
  }

  watch(id, stream) {
    this.unwatch(id);
    if (!stream.getAudioTracks().length) return;
    this.ctx ||= new AudioContext();
    if (this.ctx.state === "suspended") this.ctx.resume().catch(() => {});
    const source = this.ctx.createMediaStreamSource(stream);
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    this.sources.set(id, { analyser, source, speaking: false, lastLoud: 0, stream });
  }

  unwatch(id) {
    const s = this.sources.get(id);
    if (!s) return;
    s.source.disconnect();
    this.sources.delete(id);
    if (s.speaking) this.onChange(id, false);
  }

  measure() {
    const now = performance.now();
    for (const [id, s] of this.sources) {
      const track = s.stream.getAudioTracks()[0];
      let loud = false;
      if (track && track.enabled && track.readyState === "live") {
        s.analyser.getFloatTimeDomainData(this.buffer);
        let sum = 0;
        for (const v of this.buffer) sum += v * v;
        loud = Math.sqrt(sum / this.buffer.length) > THRESHOLD;
      }
      if (loud) s.lastLoud = now;
      const speaking = now - s.lastLoud < HOLD_MS;
      if (speaking !== s.speaking) {
        s.speaking = speaking;
        this.onChange(id, speaking);
      }
    }
  }
}
