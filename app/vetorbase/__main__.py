"""`python -m vetorbase ...` is the same as the `vetorbase` command."""

import sys

from vetorbase.cli import main

sys.exit(main())
