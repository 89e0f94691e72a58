"""Measured speech: who actually spoke, how long, over whom, and the announced audio recording.

The server's listener (server/media/) hears each member's microphone and sends the room, about once
a second, what its voice detector found (`MeasureSpeech`, a system command through the single
writer). The rules here turn those segments into the facilitator's figures: speaking seconds and
contributions per person and per phase, overlaps and who interrupted whom, the longest silence, and
gaps when no listener was hearing. Recording is here too because the room, not the listener, decides
whether anyone may be recorded: only after it was announced to everyone, never someone who declined.

Importing this package registers nothing: rooms/__init__.py imports rules, recording and views.
"""
