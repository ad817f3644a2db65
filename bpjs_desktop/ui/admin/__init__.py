"""Administration: users, the audit trail, backups, office settings and closing a month."""
