// Reducers for who is in the room: the browser-side twins of rooms/membership/rules.py's appliers.
import { member, reducer } from "../store.js";

function upsert(state, fields) {
  const existing = member(state, fields.id);
  if (existing) Object.assign(existing, fields);
  else state.members.push({ presence: "connected", admission: "admitted", gone_at: null, ...fields });
}

reducer("MemberJoined", (s, d) =>
  upsert(s, { id: d.member_id, name: d.name, role: d.role, presence: "connected", admission: "admitted", joined_at: d.at, gone_at: null }),
);
reducer("MemberKnocked", (s, d) =>
  upsert(s, { id: d.member_id, name: d.name, role: d.role, presence: "connected", admission: "waiting", joined_at: d.at }),
);
reducer("MemberReturned", (s, d) => {
  const m = member(s, d.member_id);
  if (m) Object.assign(m, { presence: "connected", gone_at: null });
});
reducer("MemberDisconnected", (s, d) => {
  const m = member(s, d.member_id);
  if (m) Object.assign(m, { presence: "reconnecting", gone_at: d.gone_at });
});
reducer("MemberLeft", (s, d) => {
  const m = member(s, d.member_id);
  if (!m) return;
  if (m.admission === "waiting") s.members = s.members.filter((x) => x.id !== d.member_id);
  else Object.assign(m, { presence: "left", gone_at: null });
});
reducer("MemberRenamed", (s, d) => {
  const m = member(s, d.member_id);
  if (m) m.name = d.name;
});
reducer("RoomLocked", (s) => (s.locked = true));
reducer("RoomUnlocked", (s) => (s.locked = false));
reducer("RoomSettingsChanged", (s, d) => (s.settings = d.settings));
reducer("MemberAdmitted", (s, d) => {
  const m = member(s, d.member_id);
  if (m) Object.assign(m, { admission: "admitted", name: d.name || m.name });
});
reducer("MemberDenied", (s, d) => (s.members = s.members.filter((x) => x.id !== d.member_id)));
reducer("MemberRemoved", (s, d) => (s.members = s.members.filter((x) => x.id !== d.member_id)));
reducer("FacilitatorHandedOff", (s, d) => {
  const from = member(s, d.from_id);
  if (from) from.role = "co_facilitator";
  const to = member(s, d.to_id);
  if (to) to.role = "facilitator";
});
reducer("RoleChanged", (s, d) => {
  const m = member(s, d.member_id);
  if (m) m.role = d.role;
});
