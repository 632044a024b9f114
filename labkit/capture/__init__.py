"""Workshop capture: record kinds, the lab journal (SQLite) and thin ipywidgets views."""
