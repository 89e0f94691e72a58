"""The session record: what a group made and decided, built from room state and exported as
Markdown, JSON or CSV (with the whiteboard as SVG). Anonymous cards carry no author here either."""
