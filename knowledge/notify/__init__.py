"""Telling people about a referral: the service provider by e-mail (mail), the user on their
own channel through Rasa (user_updates)."""
