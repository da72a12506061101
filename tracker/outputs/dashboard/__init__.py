"""The Voila dashboard: widgets, their HTML, and the locked-down server."""
