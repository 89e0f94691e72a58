"""Moderation under the room's code of conduct: facilitators remove a card or a board element."""
