"""SQLAlchemy 2 storage: ORM rows, engine set-up, repository functions, Alembic migrations."""
