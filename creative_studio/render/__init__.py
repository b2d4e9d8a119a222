"""Qt-free Pillow engine: face and cracks, text fitting, layout, mockups."""

from .engine import RenderError, RenderResult, TextBlock, fit_scale, render, render_detailed, render_message

__all__ = ["RenderError", "RenderResult", "TextBlock", "fit_scale", "render", "render_detailed", "render_message"]
