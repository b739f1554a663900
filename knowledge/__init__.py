"""Knowledge API: catalogue, matching, needs registry, referrals and admin dashboard.

Nothing here has side effects at import: engines, settings and the app are built in factories
(`knowledge.app.create_app`, `knowledge.db.create_db_engine`, `knowledge.settings.get_settings`).
"""
