"""The room's chat beside the call: to everyone or to the facilitators, anonymous in anonymous phases."""
