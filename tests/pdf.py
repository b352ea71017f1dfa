"""A PDF read back as its text, laid out (pdftotext from poppler-utils): the tests' one way
to look inside the reports and slips they make."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
