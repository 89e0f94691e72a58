"""A room meeting again: sessions, and what carries over from one to the next."""
