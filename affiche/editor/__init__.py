"""The browser editor (`render.py edit`): the content files in a web page, checked as typed, saved safely."""
