"""Theme and shared style values."""

ACCENT = "indigo"
SIDEBAR_WIDTH = "15rem"

THEME = {"accent_color": ACCENT, "gray_color": "slate", "radius": "medium", "has_background": True}
