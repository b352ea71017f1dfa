"""Queue-and-counter system for government service halls (政务服务中心排队叫号评价系统)."""

__version__ = "0.1.0"
