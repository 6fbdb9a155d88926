"""Extraction: one cleaned article's text into events, figures and who states them.

Pure functions from text to rows, with the vocabulary read from ``data/reference/``.
Nothing here reads files other than the reference data, and nothing here knows about
other articles: joining reports of one event is the build's job (:mod:`dashlib.building`).
"""
