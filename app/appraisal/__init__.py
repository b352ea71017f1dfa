"""Ratings, 差评 follow-up, complaints, attendance, scores, rankings (no Qt)."""
