"""Entry script of the frozen bundle: the same `toolkit` command as from source.

It lives outside the package so PyInstaller does not put toolkit/ itself on the search path
(its `locale` folder would shadow the standard library's `locale` module).
"""

import sys

from toolkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
