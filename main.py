#!/usr/bin/env python3
"""Creative Studio: `python main.py` opens the app; `python main.py SUBCOMMAND --help` for the CLI."""

import sys

from creative_studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
