"""The room's agenda."""
