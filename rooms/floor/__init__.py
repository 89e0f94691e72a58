"""The room's floor."""
