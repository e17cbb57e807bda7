"""View helpers of the Streamlit app: plain modules that render query results (no domain logic)."""
