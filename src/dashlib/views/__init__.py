"""The dashboard's views: pure builders of its tables and figures.

DataFrames in, DataFrames, HTML strings or Plotly/Altair figures out. Nothing here imports
Streamlit: the pages in ``app_pages/`` read the tables, apply the shared filters and
render what these functions build, and the tests check them without a browser.
"""
