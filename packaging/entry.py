"""Entry point of the PyInstaller bundle: the same ``boxoffice`` command as the installed script."""

import sys

from boxoffice.cli import main

if __name__ == "__main__":
    sys.exit(main())
