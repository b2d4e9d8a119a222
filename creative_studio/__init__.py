"""Creative Studio: campaign images for every placement, previewed, checked, exported, signed off."""

__version__ = "0.1.0"
