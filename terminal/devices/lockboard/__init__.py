"""CU16-family lock boards on an RS-485 line: frames, driver and emulator (protocols/lockboard-cu16.md)."""
