"""What render.py runs: one module per command (build, check, watch, serve, new)."""
