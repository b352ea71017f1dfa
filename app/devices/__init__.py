"""Keypads, printers, voice, and their simulators."""
