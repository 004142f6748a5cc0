"""``python -m saidwhat``: the same command line as ``saidwhat``."""

import sys

from .cli import main

sys.exit(main())
