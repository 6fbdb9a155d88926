"""Placeholder entry point; the dashboard issue replaces this."""

import streamlit as st

st.set_page_config(page_title="Balochistan Conflict Claims Monitor", layout="wide")
st.title("Balochistan Conflict Claims Monitor")
