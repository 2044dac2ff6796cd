#!/usr/bin/env python3
"""Build affiche's outputs: `python render.py --help` lists the commands."""
import sys
from pathlib import Path

from affiche.cli import main

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
