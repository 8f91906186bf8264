"""The office's pages, by subject: the dashboard, the report upward, one person's data."""
