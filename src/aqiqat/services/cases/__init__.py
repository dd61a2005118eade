"""Complaints and the criminal cases they lead to: filing, answers, cases, status changes,
deadlines, search text and exports. Views and the CLI call these; they own the writes."""
