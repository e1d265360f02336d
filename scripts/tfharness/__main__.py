import sys

from tfharness.cli import main

sys.exit(main())
