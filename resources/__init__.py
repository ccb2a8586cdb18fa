"""Files the app loads at run time (themes, sounds, translations), read with importlib.resources."""
