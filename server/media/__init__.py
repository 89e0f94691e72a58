"""The room's listener: a server-side WebRTC peer (aiortc) that hears each member's microphone.

See docs/media.md: which node hosts a room's listener, how browsers negotiate with it, what happens
when that node dies, the voice detector chosen and why, recording and its retention.
"""

#: the `to` (and `member_id`) of signals between a browser and its room's listener
LISTENER = "listener"
