"""The one typed settings object, at the ground of the layering: every other package may read it."""

from settings.config import DEFAULT_PRICES, Limits, Settings, load_settings

__all__ = ["DEFAULT_PRICES", "Limits", "Settings", "load_settings"]
