"""Bytes out of pixels: PNG within byte budgets (PDF/X for print and GIF/MP4 for motion next).

Sits below checks (which judge file sizes) and export (which writes batches).
"""

from .png import BudgetError, encode_for_format, encode_png

__all__ = ["BudgetError", "encode_for_format", "encode_png"]
