"""PNG writing, byte budgets, manifest, parallel batch, atomic files."""

from .atomic import write_bytes_atomic, write_text_atomic
from .batch import BatchResult, FileResult, export_batch, render_png, safe_join
from .png import BudgetError, encode_for_format, encode_png

__all__ = [
    "BatchResult",
    "BudgetError",
    "FileResult",
    "encode_for_format",
    "encode_png",
    "export_batch",
    "render_png",
    "safe_join",
    "write_bytes_atomic",
    "write_text_atomic",
]
