"""``python -m labkit.participants``: serve the participant app alone."""

import sys

from labkit.participants.server import main

sys.exit(main())
