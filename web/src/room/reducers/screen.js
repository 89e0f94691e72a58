// Reducers for screen sharing: the browser-side twins of rooms/screen/rules.py's appliers.
import { reducer } from "../store.js";

const screen = (s) => (s.screen ||= { policy: "everyone", sharer: null, stream_id: "", started_at: null, requests: [], allowed: [] });
const without = (list, id) => list.filter((x) => x !== id);

reducer("ScreenShareStarted", (s, d) => {
  const x = screen(s);
  Object.assign(x, { sharer: d.member_id, stream_id: d.stream_id, started_at: d.at, requests: without(x.requests, d.member_id), allowed: without(x.allowed, d.member_id) });
});
reducer("ScreenShareStopped", (s, d) => {
  const x = screen(s);
  if (x.sharer === d.member_id) Object.assign(x, { sharer: null, stream_id: "", started_at: null });
});
reducer("ScreenShareRequested", (s, d) => screen(s).requests.push(d.member_id));
reducer("ScreenShareAllowed", (s, d) => {
  const x = screen(s);
  x.allowed.push(d.member_id);
  x.requests = without(x.requests, d.member_id);
});
reducer("SharePolicySet", (s, d) => (screen(s).policy = d.policy));
