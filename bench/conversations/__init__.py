"""Scripted chat conversations in eight languages, driven over the REST channel against the
real stack, and the figures that say how well the assistant understands people who type
(`python -m bench.conversations.run`)."""
