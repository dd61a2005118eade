"""Reports for submission (summary, person dossier) as HTML and PDF, anchored to the audit."""
