"""Posters, composed once with measured line breaks (compose.py, stacked.py for both languages, setting.py),
then drawn as the SVG master (svg.py) and set by WeasyPrint as tagged PDFs from the same lines (html.py),
with a PNG preview of the screen PDF (writer.py)."""
