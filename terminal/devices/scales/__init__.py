"""Serial scales: the continuous ASCII protocol (protocol.py), the driver (driver.py), an emulator (emulator.py)."""
