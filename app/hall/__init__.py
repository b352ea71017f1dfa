"""The command layer (no Qt): every operation a client may ask for, as a typed function with
the roles allowed declared beside it, gathered in one table the composition root builds."""
