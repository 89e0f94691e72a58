"""Spaces: the main room and, during a small-group phase, one space per group (call, board page, cards).

Importing this package registers nothing: rooms/__init__.py imports its rules, appliers and views.
Other features ask `space_of(state, member_id)` (rooms/spaces/where.py) where someone is now.
"""
