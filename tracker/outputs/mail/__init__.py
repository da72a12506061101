"""Reminders by e-mail: composing them (`compose`), sending them (`smtp`), and the run that
sends each agency its reminder and records it (`remind`)."""
