"""The reference sync backend: FastAPI + SQLAlchemy Core, SQLite embedded or PostgreSQL."""
