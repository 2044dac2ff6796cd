"""The browser editor for communications staff: what they change is saved by `changes.py`."""
