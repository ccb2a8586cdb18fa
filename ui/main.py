"""The `handoff` console script: the core's CLI plus the commands that need Qt."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from terminal.cli import run


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv, packages=("ui.commands",)))


if __name__ == "__main__":
    main()
