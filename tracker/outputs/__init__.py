"""What people read: the dashboard, briefs, session documents, the CLI's text, sheet writes."""
