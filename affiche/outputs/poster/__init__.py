"""Posters, composed as SVG with measured line breaks (compose.py, stacked.py for both languages),
then drawn by cairosvg into their PDF and PNG preview (writer.py)."""
