"""The history store: snapshots of every sync, each task's history and facts (SQLAlchemy, in
`snapshots`; `location` tells where the store is without importing it)."""
