"""Getting the rest of a truncated article: the user's own subscription (credentials in keyring,
login recipes), the browser's session, text handed over, the original publisher, archived copies.

Every route produces a new version judged like any other; storage keeps the best one.
"""

import logging

# httpcore's DEBUG trace prints every response's headers, Set-Cookie values included: a
# session cookie must never reach a log, so that trace stays off whatever --debug says.
logging.getLogger("httpcore").setLevel(logging.INFO)
