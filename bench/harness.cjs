// The one client harness of the fan-out benchmark: stock socket.io-client + socket.io-msgpack-parser.
//
//   node bench/harness.cjs '<json config>'
//
// Config: {mode: "relay" | "ephemeral" | "durable", urls: [...], rooms, members, rate, warmup,
// seconds, drain, latencies: FILE, tag}. It builds `rooms` rooms of `members` sockets (member i of
// a room on urls[i % urls.length]), prints "READY", waits for "GO" on stdin, then every member sends
// one ~130-byte update `rate` times a second, offsets spread evenly over the period (open loop).
// Latency = send -> each other member's receipt (performance.now(); sender and receivers of a room
// live in this process). Prints one JSON line of counts; latencies (µs, uint32 LE) go to FILE.
//
//   relay:     emit("join-room", room), then emit("server-broadcast", room, {t, pad}) (excalidraw-room)
//   ephemeral: peergroup `move_cursor` {x: t, y} -> the others get `relay`
//   durable:   peergroup `update_element` of the member's own sticky note -> everyone gets `event`
//              ElementUpdated with its `seq`; every receiver checks that it saw every seq.
const fs = require("fs");
const readline = require("readline");
const { io } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");

const cfg = JSON.parse(process.argv[2]);
const PAD = "x".repeat(96);
const counts = { sent: 0, delivered: 0, late: 0, refused: 0, gaps: 0, disconnects: 0, joinMs: [], errors: [] };
let latencies = new Uint32Array(1 << 16);
let nLat = 0;
let win = [Infinity, -Infinity];
const now = () => performance.now();

function record(t) {
  if (t < win[0] || t >= win[1]) return;
  const us = Math.max(1, Math.round((now() - t) * 1000));
  if (nLat === latencies.length) {
    const bigger = new Uint32Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[nLat++] = us;
  counts.delivered++;
}

function socketFor(url, auth) {
  const opts = { transports: ["websocket"], parser, reconnection: false, forceNew: true, timeout: 20000 };
  if (auth) opts.auth = auth;
  return io(url, opts);
}
const connected = (s) =>
  new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", reject);
  });
const call = (s, ...args) =>
  new Promise((resolve, reject) =>
    s.timeout(30000).emit(...args, (err, ack) => (err ? reject(err) : resolve(ack))),
  );

async function createRoom(url) {
  // A retryable refusal (503 `unavailable`: Redis slow after the previous step's overload) is
  // retried, as the protocol asks of every client; anything else ends the run.
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${url}/api/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "bench", capacity: cfg.members + 4 }),
    });
    if (res.status === 201) return res.json();
    const text = await res.text();
    let retryable = false;
    try {
      retryable = Boolean(JSON.parse(text).error?.retryable);
    } catch {}
    if (!retryable || attempt >= 20) throw new Error(`create room: ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 250 * attempt));
  }
}

// -- one member -----------------------------------------------------------------------------------

async function relayMember(r, i) {
  const room = `${cfg.tag}-room-${r}`;
  const s = socketFor(cfg.urls[i % cfg.urls.length]);
  s.on("client-broadcast", (data) => record(data.t));
  await connected(s);
  await call(s, "join-room", room);
  return { s, send: (t) => s.emit("server-broadcast", room, { t, pad: PAD }) };
}

async function peergroupMember(room, r, i) {
  const role = i === 0 ? "facilitator" : "participant";
  const s = socketFor(cfg.urls[i % cfg.urls.length], { v: 1, token: room.tokens[role] });
  const m = { s, id: null, seq: null, version: 1, element: `e${r}x${i}` };
  s.on("snapshot", (snap) => {
    m.seq = snap.seq;
  });
  s.on("event", (ev) => {
    if (m.seq !== null && ev.seq !== m.seq + 1) counts.gaps++;
    m.seq = ev.seq;
    if (ev.type === "ElementUpdated" && ev.data.element.by !== m.id) {
      record(Number(ev.data.element.text.slice(1, ev.data.element.text.indexOf("|"))));
    }
  });
  s.on("relay", (msg) => {
    if (msg.type === "move_cursor") record(msg.data.x);
  });
  await connected(s);
  const joined = await call(s, "join", { name: `m${i}` });
  if (!joined.ok) throw new Error(`join: ${JSON.stringify(joined)}`);
  m.id = joined.me.id;
  if (cfg.mode === "durable") {
    const el = { id: m.element, kind: "sticky", x: 10 * i, y: 10 * r, w: 160, h: 120, text: "", color: "#ffd43b" };
    const added = await call(s, "add_element", { element: el });
    if (!added.ok) throw new Error(`add_element: ${JSON.stringify(added)}`);
    m.send = (t) => {
      const patch = { x: (t % 1000) | 0, y: 10 * r, text: `t${t.toFixed(3)}|${PAD}` };
      s.emit("update_element", { id: m.element, base_version: m.version++, patch }, (ack) => {
        if (!ack || !ack.ok) counts.refused++;
      });
    };
  } else {
    m.send = (t) => s.emit("move_cursor", { x: t, y: i });
  }
  return m;
}

async function buildRoom(r) {
  const members = [];
  if (cfg.mode === "relay") {
    for (let i = 0; i < cfg.members; i++) members.push(await relayMember(r, i));
  } else {
    const room = await createRoom(cfg.urls[0]);
    for (let i = 0; i < cfg.members; i++) {
      const t0 = now();
      members.push(await peergroupMember(room, r, i));
      counts.joinMs.push(now() - t0);
    }
  }
  return members;
}

// -- scale of connections: idle members, joins at a fixed rate, a big board --------------------------

async function idleMember(room, i) {
  const role = i === 0 ? "facilitator" : "participant";
  const t0 = now();
  const s = socketFor(cfg.urls[i % cfg.urls.length], { v: 1, token: room.tokens[role] });
  const snapshot = new Promise((resolve) => s.once("snapshot", resolve));
  s.on("disconnect", () => counts.disconnects++);
  await connected(s);
  const joined = await call(s, "join", { name: `m${i}` });
  if (!joined.ok) throw new Error(`join: ${JSON.stringify(joined)}`);
  await snapshot;
  counts.joinMs.push(now() - t0);
  return { s };
}

// Members join at `joinRate` a second (open loop), each timed from connect to its snapshot.
async function buildIdle() {
  const rooms = [];
  for (let r = 0; r < cfg.rooms; r++) rooms.push(await createRoom(cfg.urls[0]));
  const all = [];
  const pending = [];
  const t0 = now();
  for (let k = 0; k < cfg.rooms * cfg.members; k++) {
    const wait = t0 + (1000 * k) / cfg.joinRate - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const room = rooms[k % cfg.rooms];
    pending.push(idleMember(room, Math.floor(k / cfg.rooms)).then((m) => all.push(m)));
  }
  await Promise.all(pending);
  return all;
}

// A room whose board holds `elements` elements, then `joins` members join it one by one, timed.
async function bigBoard() {
  const room = await createRoom(cfg.urls[0]);
  const writers = [];
  for (let i = 0; i < 10; i++) {
    const s = socketFor(cfg.urls[0], { v: 1, token: room.tokens[i === 0 ? "facilitator" : "participant"] });
    await connected(s);
    await call(s, "join", { name: `w${i}` });
    writers.push(s);
  }
  const points = Array.from({ length: 50 }, (_, j) => [j, (j * 7) % 13]);
  let next = 0;
  await Promise.all(
    writers.map(async (s, w) => {
      while (next < cfg.elements) {
        const k = next++;
        const element = { id: `b${k}`, kind: "stroke", x: k % 400, y: (k * 3) % 300, points };
        let ack = await call(s, "add_element", { element });
        while (!ack.ok && ack.error && ack.error.code === "rate_limited") {
          await new Promise((resolve) => setTimeout(resolve, 60));
          ack = await call(s, "add_element", { element });
        }
        if (!ack.ok) throw new Error(`add_element: ${JSON.stringify(ack)}`);
      }
    }),
  );
  const joined = [];
  for (let i = 0; i < cfg.joins; i++) joined.push(await idleMember(room, 1));
  return [...writers.map((s) => ({ s })), ...joined];
}

// -- the run --------------------------------------------------------------------------------------

async function build() {
  const rooms = new Array(cfg.rooms);
  let next = 0;
  const worker = async () => {
    while (next < cfg.rooms) {
      const r = next++;
      rooms[r] = await buildRoom(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, cfg.rooms) }, worker));
  const all = rooms.flat();
  for (const m of all) m.s.on("disconnect", () => counts.disconnects++);
  return all;
}

function drive(all) {
  const period = 1000 / cfg.rate;
  const start = now() + 50;
  const warmEnd = start + cfg.warmup * 1000;
  win = [warmEnd, warmEnd + cfg.seconds * 1000];
  return new Promise((resolve) => {
    let running = all.length;
    all.forEach((m, k) => {
      let due = start + (period * k) / all.length;
      const tick = () => {
        const t = now();
        while (due <= t) {
          if (due >= win[1]) {
            if (--running === 0) resolve();
            return;
          }
          const sendT = now();
          if (sendT >= win[0] && sendT < win[1]) counts.sent++;
          if (m.s.connected) m.send(sendT);
          due += period;
        }
        setTimeout(tick, Math.max(0, due - now()));
      };
      setTimeout(tick, Math.max(0, due - now()));
    });
  });
}

(async () => {
  let all;
  try {
    all = cfg.mode === "idle" ? await buildIdle() : cfg.mode === "bigboard" ? await bigBoard() : await build();
  } catch (err) {
    console.log(JSON.stringify({ error: String(err && err.stack ? err.stack : err) }));
    process.exit(1);
  }
  console.log("READY");
  const rl = readline.createInterface({ input: process.stdin });
  await new Promise((resolve) => rl.once("line", resolve));
  if (cfg.mode === "idle" || cfg.mode === "bigboard") {
    // report the joins and hold the sockets until told to let go
    const joins = counts.joinMs.sort((a, b) => a - b);
    const at = (p) => joins[Math.min(joins.length - 1, Math.floor((p / 100) * joins.length))];
    const connectedNow = all.filter((m) => m.s.connected).length;
    console.log(JSON.stringify({ joined: joins.length, connected: connectedNow, join_p50_ms: at(50), join_p99_ms: at(99), join_max_ms: joins[joins.length - 1], disconnects: counts.disconnects }));
    await new Promise((resolve) => rl.once("line", resolve));
    for (const m of all) m.s.close();
    process.exit(0);
  }
  await drive(all);
  await new Promise((resolve) => setTimeout(resolve, cfg.drain * 1000));
  fs.writeFileSync(cfg.latencies, Buffer.from(latencies.buffer, 0, nLat * 4));
  const joins = counts.joinMs.sort((a, b) => a - b);
  const pct = (p) => (joins.length ? joins[Math.min(joins.length - 1, Math.floor((p / 100) * joins.length))] : null);
  const out = { ...counts, joinMs: undefined, join_p50_ms: pct(50), join_p99_ms: pct(99), receivers: cfg.members - 1 };
  for (const m of all) m.s.close();
  console.log(JSON.stringify(out));
  process.exit(0);
})();
