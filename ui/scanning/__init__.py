"""Qt adapters for the scanners: the keyboard-wedge event filter, serial and camera delivery."""
