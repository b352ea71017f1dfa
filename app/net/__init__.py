"""Hall server hub and client over QtWebSockets (transport only).

The package itself imports no Qt, so that its plain modules (auth, protocol, errors) load on a
machine without it; every module here that uses Qt imports app.runtime.qt_refcounts first (the
guard against PySide6 6.12.0's reference-count fault)."""
