// The home page: create a room and hand out its links, or open a link someone sent.
import { $, fill, h } from "./dom.js";

const ROLE_LABELS = {
  facilitator: "Facilitator (you)",
  co_facilitator: "Co-facilitator",
  participant: "Participants",
  observer: "Observers",
};

async function createRoom(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const status = $("#create-status");
  const body = {
    title: form.title.value.trim(),
    code_of_conduct: form.coc.value.trim(),
    lobby: form.lobby.checked,
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
    showLinks(data);
  } catch (err) {
    status.textContent = `Could not create the room: ${err.message}`;
  }
}

function showLinks(room) {
  const list = $("#links");
  fill(
    list,
    Object.entries(room.links).map(([role, url]) =>
      h(
        "li.link-row",
        {},
        h("span.link-role", {}, ROLE_LABELS[role] || role),
        h("input.link-url", { value: url, readonly: true, "aria-label": `${ROLE_LABELS[role] || role} link` }),
        h("button.secondary", { type: "button", onclick: (e) => copy(url, e.currentTarget) }, "Copy"),
      ),
    ),
  );
  fill($("#open-room"), h("a.button.primary.big", { href: room.links.facilitator }, "Open the room as facilitator"));
  $("#links-section").hidden = false;
  $("#links-section").focus();
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Select and copy";
  }
  setTimeout(() => (button.textContent = "Copy"), 2000);
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
