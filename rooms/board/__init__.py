"""The room's board."""
