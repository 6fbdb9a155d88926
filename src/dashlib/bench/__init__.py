"""Benchmarks and evaluation: synthetic corpora and tables, timing, scoring against gold.

These modules may use every other part of the package; nothing else imports them,
except the CLI that runs them and the dashboard's synthetic mode.
"""
