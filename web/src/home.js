// The home page: create a room and hand out its links, or open a link someone sent.
import { $, fill, h } from "./dom.js";

const ROLE_LABELS = {
  facilitator: "Facilitator (you)",
  co_facilitator: "Co-facilitator",
  participant: "Participants",
  observer: "Observers",
};

/** True while a room is being created or once it is: a second click never makes a second room. */
let creating = false;

async function createRoom(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const status = $("#create-status");
  const title = form.title.value.trim();
  $("#title-error").hidden = Boolean(title);
  form.title.setAttribute("aria-invalid", String(!title));
  if (!title) return form.title.focus();
  if (creating) return;
  creating = true;
  const button = $("#create-button");
  button.disabled = true;
  const body = {
    title,
    code_of_conduct: form.coc.value.trim(),
    lobby: form.lobby.checked,
    wait_between_phases: form.wait.checked,
    vote_totals_hidden: form.hide_totals.checked,
  };
  status.textContent = "Creating the room…";
  try {
    const res = await fetch("/api/rooms", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error?.message || res.statusText);
    status.textContent = "Room created. Send each person the link for their role.";
    button.textContent = "Room created";
    showLinks(data, title);
  } catch (err) {
    status.textContent = `Could not create the room: ${err.message}`;
    creating = false;
    button.disabled = false;
  }
}

/** A short invitation to paste into an email or a chat: the room's title, the role, the link. */
export function invitation(title, role, url) {
  const as = { facilitator: "as the facilitator", co_facilitator: "as a co-facilitator", participant: "", observer: "as an observer" }[role] || "";
  return `You are invited to "${title}"${as ? ` ${as}` : ""} on peergroup.\nOpen this link in Chrome, Edge, Firefox or Safari: ${url}\nYou can check your camera and microphone before you join.`;
}

function showLinks(room, title) {
  const list = $("#links");
  fill(
    list,
    Object.entries(room.links).map(([role, url]) =>
      h(
        "li.link-row",
        {},
        h("span.link-role", {}, ROLE_LABELS[role] || role),
        h("input.link-url", { value: url, readonly: true, "aria-label": `${ROLE_LABELS[role] || role} link` }),
        h(
          "span.row",
          {},
          h("button.secondary", { type: "button", onclick: (e) => copy(url, e.currentTarget, "Copy link"), "aria-label": `Copy link for ${ROLE_LABELS[role] || role}` }, "Copy link"),
          h("button.secondary.copy-invitation", { type: "button", dataset: { role }, onclick: (e) => copy(invitation(title, role, url), e.currentTarget, "Copy invitation"), "aria-label": `Copy invitation for ${ROLE_LABELS[role] || role}` }, "Copy invitation"),
        ),
      ),
    ),
  );
  fill($("#open-room"), h("a.button.primary.big", { href: room.links.facilitator }, "Open the room as facilitator"));
  $("#links-section").hidden = false;
  $("#links-section").focus();
}

async function copy(text, button, label) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select and copy";
  }
  setTimeout(() => (button.textContent = label), 2000);
}

function openLink(event) {
  event.preventDefault();
  const value = event.currentTarget.link.value.trim();
  try {
    const url = new URL(value, location.origin);
    if (!url.pathname.startsWith("/r/") || !url.hash.startsWith("#t=")) throw new Error();
    location.assign(url.pathname + url.hash);
  } catch {
    $("#open-status").textContent = "That does not look like a room link (it has /r/ and #t= in it).";
  }
}

$("#create-form").addEventListener("submit", createRoom);
$("#open-form").addEventListener("submit", openLink);
