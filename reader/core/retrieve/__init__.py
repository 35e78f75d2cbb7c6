"""Getting the rest of a truncated article: the user's own subscription (credentials in keyring,
login recipes), the browser's session, text handed over, the original publisher, archived copies.

Every route produces a new version judged like any other; storage keeps the best one.
"""
