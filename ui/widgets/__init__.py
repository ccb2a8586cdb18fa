"""Small reusable widgets: the status bar, the on-screen keypad."""
