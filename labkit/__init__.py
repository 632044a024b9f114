"""labkit: a method laboratory for socially sustainable urban planning."""

__version__ = "0.1.0"
