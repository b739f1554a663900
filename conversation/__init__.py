"""The conversation's contract, shared by the Rasa process (bot env) and the action server
(services env): the interview's questions and options (`interview.py`, `interview.yml`), the
message catalogues in eight languages and their rendering (`messages.py`, `locales/`), the
arguments an action passes to the NLG (`utterances.py`), and what both sides of privacy agree on
(`privacy.py`). Pure Python and PyYAML: it imports neither Rasa nor rasa-sdk (a test checks)."""
