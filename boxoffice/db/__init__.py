"""Database layer: SQLAlchemy models, engine and sessions, migrations (MySQL/MariaDB and SQLite)."""
