"""The pages of sessions_app, by subject: `sessions` (plans and sessions) and `rosters`
(participants, letters, announcements, attendance)."""
