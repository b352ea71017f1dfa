"""A phone in the tests: Debian's Chromium, headless, at 390×844, driven by Playwright on a
thread of its own (its sync API stays on that one thread) while the Qt loop serves the hall.
Never downloads a browser: it runs /usr/bin/chromium with a fresh profile."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
T = TypeVar("T")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (Debian package chromium; scripts/test installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


class PhoneBrowser:
    """One browser tab on a phone-sized screen. Each call runs on the browser's thread and
    returns a Future; `wait` spins whatever loop the caller needs (the Qt loop in tests)."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phone")
        self._profile = tempfile.mkdtemp(prefix="phone-profile-")
        self._pw: Any = None
        self._context: Any = None
        self.page: Any = None
        self.console: list[str] = []
        self._run(self._start).result(timeout=60)

    def _run(self, work: Callable[[], T]) -> Future[T]:
        return self._thread.submit(work)

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._context = self._pw.chromium.launch_persistent_context(
            self._profile,
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
        self.page = self._context.new_page()
        self.page.on("console", lambda message: self.console.append(message.text))

    def open(self, url: str) -> Future[int]:
        """Go to `url`; the HTTP status of the page."""
        return self._run(lambda: int(self.page.goto(url).status))

    def state(self, name: str, timeout_ms: int) -> Future[None]:
        """Done when the page shows `name` (main[data-state]); TimeoutError after
        `timeout_ms`."""
        selector = f'main[data-state="{name}"]'
        return self._run(lambda: self.page.wait_for_selector(selector, timeout=timeout_ms))

    def text(self, selector: str) -> Future[str]:
        return self._run(lambda: str(self.page.inner_text(selector)))

    def evaluate(self, script: str) -> Future[Any]:
        return self._run(lambda: self.page.evaluate(script))

    def screenshot(self, name: str) -> Future[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name

        def shoot() -> Path:
            self.page.screenshot(path=str(path), full_page=True)
            return path

        return self._run(shoot)

    def close(self) -> None:
        def stop() -> None:
            if self._context is not None:
                self._context.close()
            if self._pw is not None:
                self._pw.stop()

        try:
            self._run(stop).result(timeout=30)
        finally:
            self._thread.shutdown(wait=True)
            shutil.rmtree(self._profile, ignore_errors=True)
