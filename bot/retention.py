"""Delete conversation events older than `CONVERSATION_RETENTION_DAYS` (for a daily cron job).

    python -m bot.retention [--endpoints endpoints.yml]

The Rasa server does the same at most once an hour while it runs; this command covers a
server that is stopped or idle. It reads the tracker store from the same endpoints file, with
the same environment, and prints how many events it deleted. Unset retention keeps everything.
"""

from __future__ import annotations

import argparse
import sys

from rasa.core.tracker_store import create_tracker_store
from rasa.utils.endpoints import read_endpoint_config

from bot.tracker_store import PrivateSQLTrackerStore
from conversation.privacy import RETENTION_VARIABLE, RetentionSettingError, retention_days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--endpoints", default="endpoints.yml", help="Rasa endpoints file (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        days = retention_days()
    except RetentionSettingError as error:
        print(error, file=sys.stderr)
        return 2
    if days is None:
        print(f"{RETENTION_VARIABLE} is not set: conversations are kept until their users delete them.")
        return 0
    config = read_endpoint_config(args.endpoints, "tracker_store")
    store = create_tracker_store(config)
    if not isinstance(store, PrivateSQLTrackerStore):
        expected = "bot.tracker_store.PrivateSQLTrackerStore"
        print(f"{args.endpoints}: tracker_store must be {expected}", file=sys.stderr)
        return 2
    deleted = store.purge_expired()
    store.engine.dispose()
    print(f"Deleted {deleted} conversation events older than {days} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
