"""findgroup: find a peer support group that fits, from a curated catalogue."""

__version__ = "0.1.0"
__all__ = ["__version__"]
