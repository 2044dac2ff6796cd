"""The outputs: one writer per (document kind, edition format), listed in registry.py."""
