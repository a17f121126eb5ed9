"""marsad: Arabic news reports of armed conflict to structured, evidenced event records."""

__version__ = "0.1.0"
