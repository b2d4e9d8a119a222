"""Dependency-free helpers every layer may use: atomic files (and, later, resources and limits).

Nothing here imports another package of creative_studio.
"""
