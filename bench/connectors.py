"""Latency each connector adds: the same conversation turns through the REST channel (the
baseline, answered in the HTTP response), the Telegram webhook and the WhatsApp webhook, whose
replies are timed when they reach fake Bot API / Graph API servers on 127.0.0.1.

    .venv-svc/bin/python -m bench.connectors [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from deploy.stack import Stack, free_port
from harness.channels import (
    TELEGRAM_SECRET,
    WHATSAPP_SECRET,
    WHATSAPP_VERIFY,
    TelegramUser,
    WhatsAppUser,
)
from harness.chat import REST_CREDENTIALS, RestUser
from harness.fakes.graph_api import FakeGraphAPI
from harness.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parent.parent

TURNS = ["hello", "Kenya", "Nakuru", "We dry mangoes in the sun and lose a lot to rain."]


def first_reply_ms(send: Callable[[], object], replies: Callable[[], int]) -> float:
    """Time until the first reply of this turn arrives (the fakes record arrival)."""
    before = replies()
    start = time.monotonic()
    send()
    while replies() == before:
        time.sleep(0.002)
    return (time.monotonic() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeTelegramAPI(token="1:bench") as tg, FakeGraphAPI(
        token="bench"
    ) as graph:
        stack = Stack(
            data_dir=Path(tmp), rasa_port=free_port(), actions_port=free_port(), knowledge_port=free_port(),
            credentials=REST_CREDENTIALS,
            extra_env={
                "TELEGRAM_TOKEN": "1:bench", "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
                "TELEGRAM_API_BASE": tg.base_url, "WHATSAPP_ACCESS_TOKEN": "bench",
                "WHATSAPP_APP_SECRET": WHATSAPP_SECRET, "WHATSAPP_VERIFY_TOKEN": WHATSAPP_VERIFY,
                "WHATSAPP_PHONE_NUMBER_ID": "1122334455667", "WHATSAPP_API_BASE": graph.base_url,
            },
        ).start()
        samples: dict[str, list[float]] = {"rest": [], "telegram": [], "whatsapp": []}
        try:
            for _ in range(args.rounds):
                rest = RestUser(stack.rasa_url)
                telegram = TelegramUser(stack.rasa_url, tg)
                whatsapp = WhatsAppUser(stack.rasa_url, graph)
                for text in TURNS:
                    start = time.monotonic()
                    rest.say(text)
                    samples["rest"].append((time.monotonic() - start) * 1000)
                    update = telegram.text_update(text)
                    samples["telegram"].append(
                        first_reply_ms(partial(telegram.post, update), lambda: len(tg.calls))
                    )
                    delivery = whatsapp.delivery({"type": "text", "text": {"body": text}})
                    samples["whatsapp"].append(
                        first_reply_ms(partial(whatsapp.post, delivery), lambda: len(graph.calls))
                    )
                    time.sleep(1.0)  # let every channel finish the turn's remaining messages
        finally:
            stack.stop()
    base = statistics.median(samples["rest"])
    print(f"{'channel':10} {'p50 ms':>8} {'p95 ms':>8} {'added p50 ms':>13} {'turns':>6}")
    for name, values in samples.items():
        ordered = sorted(values)
        p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{name:10} {p50:8.1f} {p95:8.1f} {p50 - base:13.1f} {len(ordered):6d}")
    print(
        "\nREST: full answer in the HTTP response."
        " Telegram/WhatsApp: until the first reply reaches the fake API."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
