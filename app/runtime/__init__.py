"""Process-level Qt guards every Qt program of the hall runs with: garbage collection on the
main thread only (qt_gc), and the reference guard for PySide6 6.12.0 (qt_refcounts)."""
