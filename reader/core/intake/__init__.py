"""Intake: every way an article comes in (URLs, fetching, files, stdin, clipboard)."""
