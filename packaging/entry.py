"""Entry point of the PyInstaller bundle: the same `handoff` command as the console script."""

from ui.main import main

if __name__ == "__main__":
    main()
