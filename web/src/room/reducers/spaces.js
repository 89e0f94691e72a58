// Reducers for the small groups' spaces: the browser-side twins of rooms/spaces/appliers.py.
// `mine` (the space this browser is in) is worked out here as rooms/spaces/where.py does.
import { leads, member, reducer, viewer } from "../store.js";

const sp = (s) => s.spaces;

/** The space member `id` is in now: their group, the group they visit or watch, else "" (the main room). */
export function spaceOf(s, id) {
  const x = sp(s);
  if (!x) return "";
  for (const g of x.open) if (g.members.includes(id) || g.visitors.includes(id)) return g.id;
  const watched = x.watching[id] || "";
  return x.open.some((g) => g.id === watched) ? watched : "";
}

/** When everyone returns (server time), as rooms/spaces/lifecycle.py `return_time`; null while paused. */
export function returnTime(s) {
  const x = sp(s);
  const a = s.agenda;
  if (!x?.open.length) return null;
  if (x.called_back_until !== null) return x.called_back_until;
  if (a.status === "running" && a.ends_at !== null) return a.ends_at + x.grace;
  if (a.status === "overtime" && a.time_up_at !== null) {
    const told = x.announced_return;
    return told !== null && told >= a.time_up_at ? told : a.time_up_at + x.grace;
  }
  return null;
}

function settle(s) {
  const x = sp(s);
  x.mine = spaceOf(s, viewer.id);
  s.agenda.groups = x.open.filter((g) => g.members.length).map((g) => ({ members: [...g.members] }));
}

function resetReturn(x) {
  Object.assign(x, { warned: [], warned_for: null, called_back_until: null, announced_return: null });
}

const num = (id) => Number(String(id).replace(/\D/g, "")) || 0;

reducer("GroupsArranged", (s, d) => (sp(s).arranged = leads(member(s, viewer.id)?.role) ? d.groups.map((g) => [...g]) : []));
reducer("SpacesOpened", (s, d) => {
  const x = sp(s);
  x.open = d.spaces.map((g) => ({ id: g.id, label: g.label, members: [...g.members], visitors: [], note: "" }));
  x.phase_id = d.phase_id;
  x.arranged = [];
  resetReturn(x);
  settle(s);
});
reducer("GroupsChanged", (s, d) => {
  const x = sp(s);
  for (const [id, members] of Object.entries(d.groups)) {
    let g = x.open.find((o) => o.id === id);
    if (!g) x.open.push((g = { id, label: `Group ${x.open.length + 1}`, members: [], visitors: [], note: "" }));
    g.members = [...members];
  }
  s.agenda.roles = { ...d.roles };
  settle(s);
});
reducer("GroupVisited", (s, d) => {
  const g = sp(s).open.find((o) => o.id === d.space_id);
  if (g && !g.visitors.includes(d.member_id)) g.visitors.push(d.member_id);
  settle(s);
});
reducer("VisitEnded", (s, d) => {
  const g = sp(s).open.find((o) => o.id === d.space_id);
  if (g) g.visitors = g.visitors.filter((id) => id !== d.member_id);
  settle(s);
});
reducer("GroupWatched", (s, d) => {
  if (d.space_id) sp(s).watching[d.member_id] = d.space_id;
  else delete sp(s).watching[d.member_id];
  settle(s);
});
reducer("GroupNoteWritten", (s, d) => {
  const g = sp(s).open.find((o) => o.id === d.space_id);
  if (g) g.note = d.note;
});
reducer("ReturnTimingSet", (s, d) => Object.assign(sp(s), { warnings: [...d.warnings], grace: d.grace }));
reducer("GroupsWarned", (s, d) => Object.assign(sp(s), { warned: [...d.warned], warned_for: d.ends_at }));
reducer("ReturnStarted", (s, d) => {
  const x = sp(s);
  x.announced_return = d.returns_at;
  if (d.reason === "called_back") x.called_back_until = d.returns_at;
  x.warned = [...x.warnings];
  x.warned_for = s.agenda.ends_at;
});
reducer("GroupsReturned", (s, d) => {
  const x = sp(s);
  for (const h of d.harvests) {
    x.harvests.push({
      space_id: h.space_id, label: h.label, phase_id: h.phase_id, members: [...h.members], note: h.note,
      card_ids: h.cards.map((c) => c.id), element_ids: h.elements.map((e) => e.id), returned_at: d.at,
    });
    // What the group made comes back to the main room (this browser may never have seen it).
    const cards = s.reflections.cards;
    for (const c of h.cards) if (!cards.some((k) => k.id === c.id)) cards.push({ ...c, votes: 0, my_votes: 0 });
    cards.sort((a, b) => num(a.id) - num(b.id));
    for (const e of h.elements) if (!s.board.elements.some((k) => k.id === e.id)) s.board.elements.push(e);
  }
  Object.assign(x, { open: [], phase_id: "", watching: {} });
  resetReturn(x);
  x.mine = spaceOf(s, viewer.id);
});
