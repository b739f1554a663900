"""Limits both sides of the knowledge API's contract agree on."""

# A need's short title (the knowledge API refuses a longer one; the assistant cuts to it).
TITLE_MAX = 60
