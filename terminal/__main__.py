"""`python -m terminal` runs the core CLI (without the Qt `run` command)."""

from terminal.cli import main

main()
