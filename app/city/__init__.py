"""The city's appraisal of its halls from the records they ship to its PostgreSQL: each hall
read in its own lens by app.appraisal's rules, side by side, with its report (no Qt)."""
