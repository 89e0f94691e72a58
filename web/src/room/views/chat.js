// The room's chat beside the call: to everyone or to the facilitators only, anonymous while the
// phase is anonymous (the server drops the author; we only say so), an unread count on the "Chat"
// button, and a facilitator's "Remove" under the code of conduct. Text only: messages are text nodes.
import { $, fill, h } from "../../dom.js";
import { confirmInPage } from "../confirm.js";
import { shortcut } from "../shortcuts.js";
import { leads, member } from "../store.js";

const CHAT_ICON =
  "M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"; // a speech bubble, drawn as one path

function icon(path) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  for (const [k, v] of Object.entries({ class: "icon", "aria-hidden": "true", viewBox: "0 0 24 24", width: 22, height: 22, fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linejoin": "round" })) svg.setAttribute(k, v);
  const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
  p.setAttribute("d", path);
  svg.append(p);
  return svg;
}

export class ChatView {
  constructor(ctx) {
    this.ctx = ctx;
    this.unread = 0;
    this.seen = new Set(); // message ids already counted (a snapshot re-sends them)
    this.count = h("span.unread#chat-unread", { hidden: true });
    this.button = h("button.control#btn-chat", { "aria-expanded": "false", "aria-controls": "chat-panel", title: "Chat (t)" }, icon(CHAT_ICON), h("span.label", {}, "Chat"), " ", this.count);
    $("#btn-settings").before(this.button);
    this.button.onclick = () => this.toggle();
    this.list = h("ol.chat-list#chat-list", { "aria-label": "Chat messages" });
    this.note = h("p.muted.small#chat-anon", { hidden: true }, "This phase is anonymous: your messages show no name, to anyone.");
    this.input = h("textarea#chat-text", { rows: 2, maxlength: 1000, required: true, "aria-label": "Message" });
    this.to = h("select.small#chat-to", { "aria-label": "Send to" }, h("option", { value: "everyone" }, "Everyone"), h("option", { value: "facilitators" }, "Facilitators only"));
    this.form = h("form.chat-form#chat-form", {}, this.input, h("div.row", {}, this.to, h("button.small.primary#chat-send", { type: "submit" }, "Send")));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.sendMessage();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.sendMessage();
      }
    });
    this.recordBox = h("div.chat-record");
    this.panel = h("section.panel.chat#chat-panel", { "aria-labelledby": "chat-title", hidden: true }, h("h2#chat-title", {}, "Chat"), this.list, this.note, this.form, this.recordBox);
    $("#sidebar").append(this.panel);
    shortcut("t", "Open or close the chat", () => this.toggle());
  }

  get open() {
    return !this.panel.hidden;
  }

  toggle(show = !this.open) {
    this.panel.hidden = !show;
    this.button.setAttribute("aria-expanded", String(show));
    this.button.classList.toggle("active", show);
    if (show) {
      $("#sidebar").prepend(this.panel);
      this.markRead();
      this.list.lastElementChild?.scrollIntoView({ block: "nearest" });
      this.input.focus();
    }
  }

  markRead() {
    this.unread = 0;
    this.showUnread();
  }

  showUnread() {
    this.count.hidden = this.unread === 0;
    // The count is part of the button's text (not an aria-label), so what is seen is what is said.
    fill(this.count, String(this.unread), h("span.sr-only", {}, " unread"));
  }

  async sendMessage() {
    const text = this.input.value.trim();
    if (!text) return;
    const ack = await this.ctx.send("send_chat_message", { text, to: this.to.value });
    if (ack.ok) this.input.value = "";
  }

  render(change, state) {
    const chat = state.chat;
    if (!Array.isArray(chat?.messages)) return;
    const me = this.ctx.me();
    const lead = leads(me.role);
    for (const m of chat.messages) {
      if (this.seen.has(m.id)) continue;
      this.seen.add(m.id);
      // Only what arrives live counts as unread; a first snapshot is history.
      if (change.type === "ChatMessageSent" && !m.mine && !this.open) this.unread += 1;
    }
    this.showUnread();
    this.note.hidden = !this.ctx.reflectionMode(state).anonymous;
    fill(this.list, chat.messages.length ? chat.messages.map((m) => this.item(m, state, lead)) : h("li.muted.small.empty", {}, "No messages yet."));
    if (this.open) this.list.lastElementChild?.scrollIntoView({ block: "nearest" });
    fill(this.recordBox, lead ? this.recordChoice(chat) : chat.in_record ? null : h("p.muted.small", {}, "This chat is not kept in the session record."));
    this.say(change, state);
  }

  author(m, state) {
    if (m.mine) return m.anonymous ? "You (anonymous)" : "You";
    if (m.author === null) return "Anonymous";
    return member(state, m.author)?.name || "Someone who left";
  }

  item(m, state, lead) {
    const who = this.author(m, state);
    const time = new Date(m.sent_at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return h(
      "li.chat-message",
      { dataset: { messageId: m.id, to: m.to } },
      h("div.chat-meta", {}, h("span.chat-author", {}, who), m.to === "facilitators" ? h("span.badge.feature", {}, "to facilitators") : null, h("span.muted.small", {}, time)),
      h("p.chat-text", {}, m.text),
      lead ? h("button.small.danger.chat-remove", { onclick: () => this.remove(m, who), "aria-label": `Remove the message from ${who}` }, "Remove") : null,
    );
  }

  async remove(m, who) {
    if (!(await confirmInPage(`Remove this message from ${who} for everyone?`, "Remove it"))) return;
    this.ctx.send("remove_chat_message", { message_id: m.id });
  }

  recordChoice(chat) {
    const box = h("input#chat-in-record", { type: "checkbox", checked: chat.in_record });
    box.addEventListener("change", () => this.ctx.send("set_chat_in_record", { on: box.checked }));
    return h("label.check", {}, box, " Keep the chat in the session record");
  }

  say(change, state) {
    const d = change.data || {};
    if (change.type === "ChatMessageSent" && !d.message.mine) {
      this.ctx.announce(`${this.author(d.message, state)} wrote in the chat: ${d.message.text}`);
    } else if (change.type === "ChatMessageRemoved") {
      if (d.mine) this.ctx.toast(`A facilitator removed your chat message${d.reason ? `: ${d.reason}` : ""}`, "warn");
      else this.ctx.announce("A facilitator removed a chat message");
    }
  }
}
