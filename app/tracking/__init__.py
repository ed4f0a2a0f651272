"""Tracking: received dispatches become tasks with owners, deadlines, progress and reminders;
registers and reports. Services take a SQLAlchemy session and values, and return values."""
