"""`python -m creative_studio`: the same program as `creative-studio` and `python main.py`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
