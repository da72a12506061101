"""Per-agency briefs executed with papermill."""
