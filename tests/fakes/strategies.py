"""Generated input for the channels' property tests (hypothesis): what a platform, a proxy or an
attacker could put in a webhook body that still passes authentication."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Text people (and fuzzers) send: right-to-left scripts and marks, combining sequences, emoji
# with joiners and flags, lone surrogates (JSON's "\ud800"), controls, NUL and odd spaces.
_SPECIAL = [
    "مرحبا",
    "שלום",
    "\u202e",
    "\u200f",
    "ሰላም",
    "😀",
    "👩‍👩‍👧",
    "🇰🇪",
    "e\u0301",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\x00",
    "\u2028",
    "\u3000",
    "\t",
    "\n\n",
    "\n",
    " ",
    "/start",
    "/help@SomeBot x",
    "/unsupported_media{}",
    "٢",
    "#2",
]


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Short mixed text, and now and then a long one (up to 10,000 characters)."""
    piece = st.one_of(st.text(max_size=12), st.sampled_from(_SPECIAL))
    short = st.lists(piece, max_size=max_size // 6 + 1).map("".join)
    long = st.builds(lambda s, n: (s * n)[:10_000], short.filter(bool), st.integers(50, 2_000))
    return st.one_of(short, short, short, long)


def numbers() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    )


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), numbers(), texts(20))


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON-shaped value (what json.loads can return, NaN and big integers included)."""
    return st.recursive(
        scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(_KEYS), texts(8)), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


# Keys of the real payloads, so that random objects often look like parts of one.
_KEYS = [
    "id",
    "type",
    "text",
    "body",
    "from",
    "timestamp",
    "date",
    "chat",
    "message",
    "caption",
    "data",
    "payload",
    "button_reply",
    "list_reply",
    "interactive",
    "messages",
    "statuses",
    "metadata",
    "phone_number_id",
    "entry",
    "changes",
    "value",
    "field",
    "errors",
    "code",
]


# A value of the wrong type: cheap to draw, so that shapes can be varied at every level.
_WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.sampled_from(["", "\ud800", "0", "[]"]),
    st.lists(st.none(), max_size=2),
    st.dictionaries(st.sampled_from(_KEYS), st.none(), max_size=2),
)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually the plausible value, sometimes one of the wrong type."""
    return st.one_of(value, value, value, _WRONG)


# --------------------------------------------------------------------------- WhatsApp

_WHATSAPP_TYPES = [
    "text",
    "interactive",
    "button",
    "image",
    "video",
    "document",
    "audio",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "edit",
    "revoke",
    "system",
    "ephemeral",
    "order",
    "unsupported",
    "brand_new_type",
]


@st.composite
def whatsapp_messages(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(maybe(st.sampled_from(_WHATSAPP_TYPES)))
    content: dict[str, Any] = {
        "body": draw(maybe(texts())),
        "caption": draw(maybe(texts())),
        "type": draw(maybe(st.sampled_from(["button_reply", "list_reply", "nfm_reply"]))),
        "voice": draw(maybe(st.booleans())),
        "payload": draw(maybe(texts(20))),
    }
    for reply in ("button_reply", "list_reply"):
        content[reply] = draw(maybe(st.fixed_dictionaries({"id": maybe(texts(30)), "title": texts(10)})))
    message: dict[str, Any] = {
        "from": draw(maybe(st.from_regex(r"\A[0-9]{6,15}\Z") | texts(15))),
        "id": draw(maybe(texts(30))),
        "timestamp": draw(maybe(st.integers(0, 2**34).map(str))),
        "type": kind,
    }
    if isinstance(kind, str):
        message[kind] = draw(maybe(st.just(content)))
    return message


@st.composite
def whatsapp_webhooks(draw: st.DrawFn) -> Any:
    """Mostly the shape Meta sends, with any value anywhere; sometimes any JSON at all."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": draw(maybe(st.fixed_dictionaries({"phone_number_id": maybe(texts(15))}))),
        "messages": draw(maybe(st.lists(whatsapp_messages(), max_size=3))),
        "statuses": draw(
            maybe(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "id": maybe(texts(20)),
                            "status": maybe(st.sampled_from(["sent", "read", "failed"])),
                            "errors": maybe(st.lists(st.fixed_dictionaries({"code": numbers()}), max_size=2)),
                        }
                    ),
                    max_size=2,
                )
            )
        ),
    }
    change = {"field": draw(maybe(st.just("messages"))), "value": draw(maybe(st.just(value)))}
    body = {
        "object": draw(maybe(st.just("whatsapp_business_account"))),
        "entry": draw(
            maybe(st.lists(st.fixed_dictionaries({"changes": maybe(st.just([change]))}), max_size=2))
        ),
    }
    return draw(st.one_of(st.just(body), st.just(body), json_values()))


# --------------------------------------------------------------------------- Telegram


def _telegram_user() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.integers(1, 2**40), "is_bot": st.booleans(), "first_name": texts(10)},
        optional={"language_code": maybe(st.sampled_from(["en", "pt-BR", "sw", "", "zz_ZZ"]) | texts(8))},
    )


def _telegram_chat() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "id": st.integers(-(2**52), 2**52),
            "type": maybe(st.sampled_from(["private", "group", "supergroup", "channel"])),
        }
    )


@st.composite
def telegram_messages(draw: st.DrawFn) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": draw(st.integers(1, 2**31)),
        "date": draw(st.one_of(st.integers(0, 2**33), st.just(0))),
        "chat": draw(maybe(_telegram_chat())),
        "from": draw(maybe(_telegram_user())),
    }
    content = draw(
        st.sampled_from(["text", "caption", "photo", "sticker", "voice", "location", "dice", "poll", "none"])
    )
    if content == "text":
        message["text"] = draw(maybe(texts()))
    elif content == "caption":
        message["caption"] = draw(texts())
        message["document"] = {"file_id": "f", "file_unique_id": "u"}
    elif content == "photo":
        message["photo"] = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    elif content == "sticker":
        message["sticker"] = draw(maybe(st.just({"file_id": "f", "file_unique_id": "u", "type": "regular"})))
    elif content == "voice":
        message["voice"] = {"file_id": "f", "file_unique_id": "u", "duration": 1}
    elif content == "location":
        message["location"] = {"latitude": draw(numbers()), "longitude": 1.0}
    elif content == "dice":
        message["dice"] = {"emoji": "🎲", "value": 3}
    elif content == "poll":
        message["poll"] = draw(json_values(4))
    return message


@st.composite
def telegram_updates(draw: st.DrawFn) -> Any:
    """Telegram's shapes (message, edit, button tap, others) with any value in their fields;
    sometimes any JSON object with an update id."""
    update_id = draw(st.integers(0, 2**31))
    kind = draw(st.sampled_from(["message", "edited_message", "callback_query", "other", "any"]))
    if kind in ("message", "edited_message"):
        return {"update_id": update_id, kind: draw(telegram_messages())}
    if kind == "callback_query":
        query: dict[str, Any] = {
            "id": draw(texts(12)),
            "from": draw(_telegram_user()),
            "chat_instance": "ci",
            "data": draw(maybe(texts(64))),
        }
        if draw(st.booleans()):
            query["message"] = draw(telegram_messages())
        return {"update_id": update_id, "callback_query": query}
    if kind == "other":
        return {
            "update_id": update_id,
            draw(st.sampled_from(["poll", "my_chat_member", "shipping_query"])): {},
        }
    body = draw(st.dictionaries(st.sampled_from(_KEYS), json_values(6), max_size=4))
    body["update_id"] = update_id
    return body
