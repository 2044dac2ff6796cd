"""localize: one language of the content (document.py) and of the map (places.py), typography
(typography.py), amounts (money.py) and the inline markup (inline.py)."""
