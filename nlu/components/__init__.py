"""Custom Rasa graph components of the assistant's NLU pipeline."""
