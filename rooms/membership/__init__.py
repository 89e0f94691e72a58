"""Who is in the room: joining, the lobby, presence, roles, removal, hand-off."""
