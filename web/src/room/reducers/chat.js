// Reducers for the room's chat: the browser-side twins of rooms/chat/rules.py's appliers. Events
// arrive already projected for this viewer (no anonymous author, no one else's word to the facilitators).
import { reducer } from "../store.js";

const chat = (s) => (s.chat ||= { messages: [], in_record: true });

reducer("ChatMessageSent", (s, d) => chat(s).messages.push(d.message));
reducer("ChatMessageRemoved", (s, d) => (chat(s).messages = chat(s).messages.filter((m) => m.id !== d.message_id)));
reducer("ChatRecordSet", (s, d) => (chat(s).in_record = d.on));
