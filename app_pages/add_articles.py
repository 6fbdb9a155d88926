"""Add articles (placeholder: another engineer is writing this page)."""

import streamlit as st

st.title("Add articles", anchor=False)
st.info(
    "Coming soon: upload article files here to add them to the tables.",
    icon=":material/construction:",
)
