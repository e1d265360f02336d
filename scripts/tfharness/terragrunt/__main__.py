"""``python -m tfharness.terragrunt render <unit>`` / ``graph <dir>``."""

from .cli import main

raise SystemExit(main())
