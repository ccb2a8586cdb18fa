"""Device drivers: serial lock boards, scales, printers and scanners, each in its own package."""
