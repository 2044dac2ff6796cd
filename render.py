#!/usr/bin/env python3
"""Build affiche's outputs: `python render.py --help` lists the commands."""
from pathlib import Path

from affiche.cli import finish, main

if __name__ == "__main__":
    finish(main(default_root=Path(__file__).resolve().parent))
