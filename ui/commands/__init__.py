"""CLI commands that need Qt (`handoff run`, panels); each module exposes `register(sub)`."""
