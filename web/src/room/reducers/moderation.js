// Reducers for moderation under the code of conduct: the browser-side twins of rooms/moderation/rules.py.
import { reducer } from "../store.js";

// A removed card names nobody; its dots go back to their voters (`dots_back` is this viewer's own).
reducer("CardRemoved", (s, d) => {
  const r = s.reflections;
  r.cards = r.cards.filter((c) => c.id !== d.card_id);
  r.voting.my_dots_left = r.voting.budget - r.cards.reduce((n, c) => n + (c.my_votes || 0), 0);
});
reducer("ElementRemoved", (s, d) => (s.board.elements = s.board.elements.filter((e) => e.id !== d.id)));
