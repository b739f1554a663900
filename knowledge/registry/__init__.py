"""The needs registry: storing needs, recording what was shown, referrals."""
