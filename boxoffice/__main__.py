"""``python -m boxoffice`` runs the same entry point as the ``boxoffice`` command."""

import sys

from boxoffice.cli import main

sys.exit(main())
