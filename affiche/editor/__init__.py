"""The browser editor (`render.py edit`) for communications staff: the content files in a web page
(app.py), checked as typed (findings.py), saved by changes.py."""
