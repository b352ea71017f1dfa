"""Process-level Qt helpers every Qt program of the hall runs with: garbage collection on the
main thread only (qt_gc), the reference guard for PySide6 6.12.0 (qt_refcounts), and work
handed over to the hall's thread from any other (poster)."""
