"""dashlib: news articles on Balochistan's insurgency into evidence-linked tables.

The library comes first; the ``dashlib`` CLI and the Streamlit app are thin
shells over these functions::

    import dashlib
    tables = dashlib.build("seeds")          # DataFrames, nothing written
    tables.claims.head()
    dashlib.build("seeds", out_dir="data/build")   # also writes the CSVs
    tables = dashlib.load_tables("data/build")
"""

from dashlib.api import build, load_or_build, load_tables, open_or_build
from dashlib.tables import TABLE_NAMES, Tables

__all__ = ["TABLE_NAMES", "Tables", "build", "load_or_build", "load_tables", "open_or_build"]
__version__ = "0.1.0"
