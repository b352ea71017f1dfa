"""PDF and Excel reports (no Qt)."""
