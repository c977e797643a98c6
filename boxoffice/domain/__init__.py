"""Plain domain types, rules and errors. Imports neither Qt nor SQLAlchemy."""
