"""The import reasons in the reader's language."""
