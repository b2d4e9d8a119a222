"""Dependency-free helpers every layer may use: atomic files, output guards, input files, the process pool.

Nothing here imports another package of creative_studio.
"""
