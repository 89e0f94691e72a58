// Reducers for the whiteboard: the browser-side twins of rooms/board/rules.py's appliers.
// Events carry whole elements, so each reducer only stores, replaces or removes one.
import { reducer } from "../store.js";

const elements = (s) => s.board.elements;

reducer("ElementAdded", (s, d) => {
  s.board.elements = elements(s).filter((e) => e.id !== d.element.id);
  s.board.elements.push(d.element); // added (or restored) on top
});
reducer("ElementUpdated", (s, d) => {
  const i = elements(s).findIndex((e) => e.id === d.element.id);
  if (i >= 0) elements(s)[i] = d.element;
});
reducer("ElementDeleted", (s, d) => (s.board.elements = elements(s).filter((e) => e.id !== d.id)));
reducer("BoardCleared", (s) => (s.board.elements = []));
