"""Batches of renders written to a folder: manifest, parallel workers, path safety."""

from .batch import BatchResult, FileResult, export_batch, render_png, safe_join

__all__ = ["BatchResult", "FileResult", "export_batch", "render_png", "safe_join"]
