"""After a session: the conclusion notice, the minutes, the next agenda, new tasks."""
