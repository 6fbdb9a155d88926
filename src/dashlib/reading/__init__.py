"""Reading a finished build: DuckDB over its Parquet files, the shared filters, exports.

Everything the dashboard and the CLI ask of a build once it is written: filtered tables,
the choices each filter offers, neutral labels for codes, partial dates, CSV exports.
"""
