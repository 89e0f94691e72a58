// A stock socket.io client (Node's socket.io-client + socket.io-msgpack-parser) that follows
// docs/protocol.md: create a room, join as facilitator and participant, see both, lock the room,
// admit a knocker, and get clear errors. Prints one JSON line per check; exits non-zero on failure.
const { io } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");

const base = process.argv[2];
const results = [];
const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail });

function connect(token, v = 1) {
  return io(base, { transports: ["websocket"], parser, auth: { v, token }, reconnection: false, forceNew: true });
}
const call = (sock, event, payload) =>
  new Promise((resolve) => sock.timeout(5000).emit(event, payload, (err, ack) => resolve(err ? { err: String(err) } : ack)));
const connected = (sock) =>
  new Promise((resolve) => { sock.on("connect", () => resolve(null)); sock.on("connect_error", (e) => resolve(e)); });
const until = (pred, ms = 5000) => new Promise((resolve, reject) => {
  const t0 = Date.now();
  const tick = () => (pred() ? resolve() : Date.now() - t0 > ms ? reject(new Error("timeout")) : setTimeout(tick, 10));
  tick();
});

(async () => {
  const res = await fetch(`${base}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "Node check" }) });
  const room = await res.json();
  check("create room", res.status === 201 && room.tokens, res.status);

  const fac = connect(room.tokens.facilitator);
  const facEvents = [];
  fac.on("event", (e) => facEvents.push(e));
  await connected(fac);
  const a1 = await call(fac, "join", { name: "Fay" });
  check("join as facilitator", a1.ok && a1.me.role === "facilitator", a1);

  const par = connect(room.tokens.participant);
  let parSnapshot = null;
  par.on("snapshot", (s) => { parSnapshot = s; });
  await connected(par);
  const a2 = await call(par, "join", { name: "Pat" });
  await until(() => parSnapshot && facEvents.some((e) => e.type === "MemberJoined"));
  const names = parSnapshot.state.members.map((m) => m.name).sort();
  check("both see each other", a2.ok && names.join(",") === "Fay,Pat", names);

  const forbidden = await call(par, "lock_room", {});
  check("participant gets forbidden for a facilitator command", forbidden.error && forbidden.error.code === "forbidden", forbidden);
  const locked = await call(fac, "lock_room", {});
  check("facilitator locks the room", locked.ok && typeof locked.seq === "number", locked);

  const knocker = connect(room.tokens.participant);
  let admitted = false;
  let knockerSnapshot = null;
  knocker.on("admitted", () => { admitted = true; });
  knocker.on("snapshot", (s) => { knockerSnapshot = s; });
  await connected(knocker);
  const k = await call(knocker, "join", { name: "Kim" });
  check("knocker waits in the lobby", k.ok && k.status === "waiting", k);
  const adm = await call(fac, "admit", { target: k.me.id });
  await until(() => admitted && knockerSnapshot);
  check("facilitator admits the knocker", adm.ok && knockerSnapshot.state.members.length === 3, adm);

  const unknown = await call(fac, "summon_dragons", {});
  check("unknown event", unknown.error && unknown.error.code === "unknown_event", unknown);
  const bad = await call(fac, "rename", { name: 7 });
  check("malformed payload", bad.error && bad.error.code === "bad_payload", bad);

  // A server-side disconnect (a facilitator removes someone) reads as one to a stock client, not as
  // a "parse error": socket.io's DISCONNECT packet carries no data.
  let reason = null;
  knocker.on("disconnect", (r) => { reason = r; });
  const removed = await call(fac, "remove_member", { target: k.me.id, reason: "" });
  await until(() => reason !== null);
  check("a removed member's client is told the server disconnected it", removed.ok && reason === "io server disconnect", reason);

  const forged = connect(room.tokens.facilitator.slice(0, -4) + "AAAA");
  const err = await connected(forged);
  check("forged token refused at connect", err && err.data && err.data.code === "bad_token", err && err.data);

  for (const s of [fac, par, knocker, forged]) s.close();
  for (const r of results) console.log(JSON.stringify(r));
  process.exit(results.every((r) => r.ok) ? 0 : 1);
})().catch((e) => { console.log(JSON.stringify({ name: "crash", ok: false, detail: String(e) })); process.exit(2); });
