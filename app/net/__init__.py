"""Hall server hub and client over QtWebSockets (transport only)."""
