"""`python -m toolkit` runs the same command as the `toolkit` script."""

import sys

from toolkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
