"""The room's reflections."""
