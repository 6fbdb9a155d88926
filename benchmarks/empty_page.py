"""An empty Streamlit page: the baseline for the first-paint ratio of ``dashlib bench pages``.

streamlit run benchmarks/empty_page.py
"""

import streamlit as st

st.title("Empty page")
