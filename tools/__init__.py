"""Developer tools: screenshots, translations, generated documentation."""
