"""Where rooms live: in this process (embedded), or spread over nodes through Redis."""
