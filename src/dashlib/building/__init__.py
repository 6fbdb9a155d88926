"""The build: a folder of article files into validated tables.

Load the files, clean and extract each article (:mod:`dashlib.extraction`), resolve the
same event across articles into one incident, reconcile each side's figures into
estimates, apply the analyst's curation, validate the tables against their schemas and
store them as CSV and Parquet. The local engine and the Dask engine share every stage.
"""
