"""People who sign in: administrators and intermediaries, their passwords, sessions and the
login throttle. HTTP lives in knowledge/api/people.py; this package knows nothing of requests."""
