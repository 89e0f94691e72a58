// Small groups in the browser: "your group" (members, your role, the countdown, the note to share,
// "facilitator visiting"), the facilitator's overview of every group with its controls, the
// observer's choice of a group to watch, and the harvest each group brought back.
//
// The call follows the space: the mesh sends media only to members of this browser's space and
// suspends (never closes) the links to everyone else, so coming back to the main room is instant.
import { $, clock, fill, h, spokenClock } from "../../dom.js";
import { floorOf } from "../reducers/floor.js";
import { returnTime, spaceOf } from "../reducers/spaces.js";
import { leads, member, present } from "../store.js";

const name = (state, id) => member(state, id)?.name || "someone who left";

/** Who speaks in group `g` now, as rooms/speech/groups.py `speaking_in`: the room's listener hears
 * every group (its measured utterances still going), and this browser hears the group it is in. */
export function speakingIn(state, g, local = new Set()) {
  const talking = state.speech?.open || {};
  const here = state.spaces?.mine === g.id;
  return [...g.members, ...g.visitors].filter((id) => id in talking || (here && local.has(id)));
}
const names = (state, ids) => ids.map((id) => name(state, id)).join(", ");

export class SpacesView {
  constructor(ctx) {
    this.ctx = ctx;
    this.panel = h("section.panel.spaces#spaces-panel", { "aria-labelledby": "spaces-title", hidden: true });
    this.harvestPanel = h("section.panel.harvest#harvest-panel", { "aria-labelledby": "harvest-title", hidden: true });
    $("#sidebar").prepend(this.panel);
    this.panel.after(this.harvestPanel);
    this.body = h("div");
    this.banner = h("p.group-banner#group-banner", { role: "status", hidden: true });
    this.timer = h("div.countdown#group-timer", { role: "timer", "aria-label": "Time left in your group" });
    this.panel.append(h("h2#spaces-title", {}, "Small groups"), this.banner, this.timer, this.body);
    this.harvestList = h("div#harvests");
    this.harvestPanel.append(h("h2#harvest-title", {}, "What the groups brought back"), this.harvestList);
    this.noteDraft = null;
    // The listener's measurements (main.js MEASUREMENTS) update who is speaking in the overview, in place.
    this.showsSpeech = true;
    // The page (board, cards) this browser shows: its space's, or a harvested group's on request.
    ctx.pageOverride = null;
    ctx.page = () => ctx.pageOverride ?? (ctx.store.state?.spaces?.mine || "");
    ctx.inMySpace = (id) => {
      const s = ctx.store.state;
      return !s?.spaces || spaceOf(s, id) === spaceOf(s, ctx.me().id);
    };
    ctx.spaceMates = (s) => new Set(present(s).filter((m) => ctx.inMySpace(m.id)).map((m) => m.id));
    setInterval(() => this.tick(), 1000);
  }

  render(change, state) {
    const x = state.spaces;
    if (!x) return;
    if (change.type === "SpeechMeasured" || change.type === "ListenerLoadChanged") return this.showSpeaking(state);
    this.say(change, state);
    if (["SpacesOpened", "GroupsReturned", "GroupsChanged", "GroupVisited", "VisitEnded", "GroupWatched", "snapshot"].includes(change.type)) {
      if (change.type === "SpacesOpened" || change.type === "GroupsReturned") this.ctx.pageOverride = null;
      this.ctx.board?.draw();
      this.ctx.reflections?.render({ type: "snapshot" }, state);
      this.ctx.people?.render();
    }
    const me = this.ctx.me();
    const open = x.open.length > 0;
    const next = this.nextSmallGroupPhase(state);
    this.panel.hidden = !open && !(leads(me.role) && next);
    this.panel.dataset.space = x.mine;
    this.timer.hidden = !open;
    if (!open && leads(me.role) && next) this.renderArrange(state, next);
    if (open) {
      if (leads(me.role)) this.renderOverview(state, me);
      else if (me.role === "observer") this.renderWatch(state, me);
      else this.renderMine(state, me);
    }
    // Harvests stay in view (1-2-4-All's foursomes start from what the pairs brought back).
    this.harvestPanel.hidden = !x.harvests.length;
    this.renderHarvests(state);
    this.tick();
  }

  /** What the live regions and toasts say about the groups. */
  say(change, state) {
    const d = change.data || {};
    const a = this.ctx;
    const me = a.me();
    if (change.type === "SpacesOpened") {
      const mine = state.spaces.open.find((g) => g.members.includes(me.id));
      a.announce(mine ? `You are in ${mine.label} with ${names(state, mine.members.filter((id) => id !== me.id))}` : "The small groups have started");
    } else if (change.type === "GroupsWarned") {
      this.flash(`${spokenClock(d.seconds_left)} left in your group`);
    } else if (change.type === "ReturnStarted") {
      this.flash(`Time is up: finish your sentence. Everyone returns to the main room in ${spokenClock(d.returns_at - a.store.now())}.`);
    } else if (change.type === "GroupsAnnounced") {
      a.alertNow(`Announcement from ${name(state, d.by)}: ${d.text}`);
      a.toast(`${name(state, d.by)}: ${d.text}`, "warn");
      this.banner.hidden = false;
      this.banner.textContent = `Announcement: ${d.text}`;
    } else if (change.type === "GroupsReturned") {
      this.banner.hidden = true;
      a.announce("Everyone is back in the main room; each group's harvest is shown");
    } else if (change.type === "GroupVisited" && spaceOf(state, me.id) === d.space_id && d.member_id !== me.id) {
      a.announce(`${name(state, d.member_id)} (facilitator) is visiting your group`);
    } else if (change.type === "RolesRotated" && state.agenda.roles[me.id]) {
      a.alertNow(`Roles rotate: you are now the ${state.agenda.roles[me.id]}`);
    }
  }

  flash(text) {
    this.banner.hidden = false;
    this.banner.textContent = text;
    this.ctx.alertNow(text);
  }

  tick() {
    const state = this.ctx.store.state;
    if (!state?.spaces?.open.length) return;
    const a = state.agenda;
    const back = returnTime(state);
    const now = this.ctx.store.now();
    const up = state.spaces.called_back_until !== null || a.status === "overtime" || (a.ends_at !== null && now >= a.ends_at);
    if (a.status === "paused") this.timer.textContent = "Paused";
    else if (up && back !== null) this.timer.textContent = `Back in ${clock(back - now)}`;
    else if (a.ends_at !== null) this.timer.textContent = clock(a.ends_at - now);
  }

  roleLine(state, id) {
    const role = state.agenda.roles[id];
    return role ? ` (${role})` : "";
  }

  renderMine(state, me) {
    const x = state.spaces;
    const g = x.open.find((o) => o.id === x.mine);
    if (!g) return fill(this.body, h("p.muted", {}, "You are in the main room."));
    const role = state.agenda.roles[me.id];
    const visitors = g.visitors.filter((id) => id !== me.id);
    const others = g.members.filter((id) => id !== me.id);
    if (this.noteDraft === null || document.activeElement?.id !== "group-note") this.noteDraft = g.note;
    const note = h("textarea#group-note", { rows: 3, maxlength: 2000, "aria-label": "What we want to share", placeholder: "What we want to share with the room" }, this.noteDraft);
    note.oninput = () => (this.noteDraft = note.value);
    const busy = document.activeElement?.id === "group-note";
    if (busy) return; // do not rebuild the form under someone typing
    fill(
      this.body,
      h("p.group-name#my-group", {}, `You are in ${g.label}`, others.length ? ` with ${names(state, others)}` : ""),
      role ? h("p.my-role#my-group-role", {}, `You are the ${role}`) : null,
      role ? h("ul.list.small", {}, g.members.map((id) => h("li", {}, name(state, id), this.roleLine(state, id)))) : null,
      visitors.length ? h("p.badge.feature#visiting", {}, `Facilitator visiting: ${names(state, visitors)}`) : null,
      h("label", { for: "group-note" }, "What we want to share"),
      note,
      h("button.small.primary#save-note", { onclick: () => this.ctx.send("write_group_note", { note: note.value }) }, "Save the note"),
    );
  }

  renderWatch(state, me) {
    const x = state.spaces;
    const select = h("select#watch-group", { "aria-label": "Group to watch" }, h("option", { value: "" }, "The main room"), x.open.map((g) => h("option", { value: g.id, selected: x.mine === g.id }, `${g.label}: ${names(state, g.members)}`)));
    select.onchange = () => this.ctx.send("watch_group", { space_id: select.value });
    fill(this.body, h("p.muted.small", {}, "Observers watch one group at a time and never speak."), select);
  }

  renderOverview(state, me) {
    const x = state.spaces;
    const send = this.ctx.send;
    const text = h("input#announce-text", { maxlength: 500, "aria-label": "Announcement to every group", placeholder: "Announce to every group" });
    const groups = x.open.filter((g) => g.members.length || g.visitors.length);
    fill(
      this.body,
      h(
        "ul.list.groups-overview#groups-overview",
        {},
        groups.map((g) => this.groupCard(state, g)),
      ),
      h("div.row", {}, text, h("button.small#btn-announce", { onclick: () => text.value.trim() && send("announce_to_groups", { text: text.value.trim() }) }, "Announce")),
      h(
        "div.row",
        {},
        h("button.small#btn-groups-extend", { onclick: () => send("extend_phase", { seconds: 60 }) }, "+1 min for all"),
        h("button.small#btn-reshuffle", { onclick: () => send("reshuffle_groups") }, "Reshuffle"),
        h("button.small.primary#btn-call-back", { onclick: () => send("call_groups_back") }, "Call everyone back"),
      ),
    );
  }

  /** Who is speaking in each group, updated in place (nothing rebuilt under the facilitator's pointer). */
  showSpeaking(state) {
    for (const g of state.spaces.open) {
      const card = this.body.querySelector(`.group-card[data-space-id="${CSS.escape(g.id)}"]`);
      if (!card) continue;
      const speaking = speakingIn(state, g, this.ctx.people?.speaking);
      const line = card.querySelector(".group-speaking");
      const text = speaking.length ? `Speaking: ${names(state, speaking)}` : "Nobody is speaking";
      if (line && line.textContent !== text) {
        line.textContent = text;
        line.dataset.speaking = speaking.join(" ");
      }
      for (const li of card.querySelectorAll("li[data-member-id]")) li.classList.toggle("speaking", speaking.includes(li.dataset.memberId));
    }
  }

  /** One group at a glance: members and roles, who is speaking, its own floor (if it has one), cards. */
  groupCard(state, g) {
    const x = state.spaces;
    const send = this.ctx.send;
    const speaking = speakingIn(state, g, this.ctx.people?.speaking);
    const floor = floorOf(state, g.id);
    const holder = floor?.speaker?.member_id;
    return h(
      "li.group-card",
      { dataset: { spaceId: g.id } },
      h("strong", {}, g.label),
      g.visitors.length ? h("span.badge.feature", {}, `visiting: ${names(state, g.visitors)}`) : null,
      h("span.muted.small", {}, ` · ${state.reflections.cards.filter((c) => c.space === g.id).length} cards`),
      h("p.small.group-speaking", { dataset: { speaking: speaking.join(" ") } }, speaking.length ? `Speaking: ${names(state, speaking)}` : "Nobody is speaking"),
      floor
        ? h(
            "p.small.group-floor",
            { dataset: { holder: holder || "" } },
            holder ? `${name(state, holder)} has the floor${floor.stick ? " (talking stick)" : ""}` : "The floor is open",
            floor.hands.length ? ` · hands: ${names(state, floor.hands.map((x) => x.member_id))}` : "",
          )
        : null,
      h(
        "ul.list.small",
        {},
        g.members.map((id) =>
          h(
            "li",
            { class: speaking.includes(id) ? "speaking" : "", dataset: { memberId: id } },
            name(state, id),
            this.roleLine(state, id),
            holder === id ? h("span.badge", {}, "has the floor") : null,
            this.moveSelect(state, g, id),
          ),
        ),
      ),
      x.mine === g.id
        ? h("button.small", { onclick: () => send("end_visit") }, `Leave ${g.label}`)
        : h("button.small", { onclick: () => send("visit_group", { space_id: g.id }), "aria-label": `Visit ${g.label}` }, "Visit"),
    );
  }

  /** The next small-group phase of the agenda (the current one excluded), or null. */
  nextSmallGroupPhase(state) {
    const a = state.agenda;
    if (!Array.isArray(a?.phases)) return null;
    return a.phases.slice(Math.max(0, a.index + (a.status === "idle" ? 0 : 1))).find((p) => p.mode === "pairs") || null;
  }

  /** Before a small-group phase: put each participant in a group by hand, or let the server do it. */
  renderArrange(state, phase) {
    if (this.panel.contains(document.activeElement)) return; // a facilitator is choosing
    const x = state.spaces;
    const people = present(state).filter((m) => m.role === "participant");
    const size = Math.max(2, phase.group_size || 2);
    const count = Math.max(1, Math.floor(people.length / size));
    const groupOf = new Map();
    x.arranged.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    const selects = people.map((m) => {
      const select = h("select.small", { "aria-label": `Group of ${m.name}`, dataset: { memberId: m.id } }, h("option", { value: "" }, "Any group"), Array.from({ length: count }, (_, i) => h("option", { value: String(i), selected: groupOf.get(m.id) === i }, `Group ${i + 1}`)));
      return h("li", {}, m.name, " ", select);
    });
    const save = () => {
      const groups = Array.from({ length: count }, () => []);
      for (const s of this.panel.querySelectorAll("select[data-member-id]")) if (s.value !== "") groups[Number(s.value)].push(s.dataset.memberId);
      this.ctx.send("arrange_groups", { groups: groups.filter((g) => g.length) });
    };
    fill(
      this.body,
      h("p.small", {}, `Next: ${phase.title}. Arrange its groups by hand, or let the server form them (latecomers join the smallest group).`),
      h("ul.list.small#arrange-groups", {}, selects),
      h("div.row", {}, h("button.small.primary#btn-arrange", { onclick: save }, "Save the groups"), h("button.small#btn-arrange-clear", { onclick: () => this.ctx.send("arrange_groups", { groups: [] }) }, "Let the server form them")),
      x.arranged.length ? h("p.muted.small", {}, `Arranged: ${x.arranged.map((g) => names(state, g)).join(" · ")}`) : null,
    );
  }

  moveSelect(state, g, id) {
    const others = state.spaces.open.filter((o) => o.id !== g.id);
    if (!others.length) return null;
    const select = h("select.small", { "aria-label": `Move ${name(state, id)} to` }, h("option", { value: "" }, "Move to…"), others.map((o) => h("option", { value: o.id }, o.label)));
    select.onchange = () => select.value && this.ctx.send("move_to_group", { member_id: id, space_id: select.value });
    return select;
  }

  renderHarvests(state) {
    const x = state.spaces;
    const cards = new Map(state.reflections.cards.map((c) => [c.id, c]));
    const els = new Map(state.board.elements.map((e) => [e.id, e]));
    const latest = [...x.harvests].reverse();
    fill(
      this.harvestList,
      latest.map((hv) =>
        h(
          "article.harvest-item",
          { dataset: { spaceId: hv.space_id } },
          h("h3", {}, hv.label, h("span.muted.small", {}, ` · ${names(state, hv.members)}`)),
          hv.note ? h("p.harvest-note", {}, hv.note) : h("p.muted.small", {}, "No note."),
          h("ul.list.small.harvest-cards", {}, hv.card_ids.filter((id) => cards.has(id)).map((id) => h("li", {}, cards.get(id).text))),
          h("ul.list.small.harvest-board", {}, hv.element_ids.filter((id) => els.has(id) && els.get(id).text).map((id) => h("li", {}, els.get(id).text))),
          h("span.muted.small", {}, `${hv.element_ids.length} element(s) on its board page `),
          h("button.small", { onclick: () => this.showPage(hv.space_id), "aria-label": `Show ${hv.label}'s board page` }, "Show its page"),
        ),
      ),
    );
  }

  showPage(spaceId) {
    this.ctx.pageOverride = this.ctx.pageOverride === spaceId ? null : spaceId;
    document.querySelector("#tab-board")?.click();
    this.ctx.board?.draw();
  }
}
