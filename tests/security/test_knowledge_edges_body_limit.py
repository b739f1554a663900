"""Finding 9: request bodies of any size were parsed (a 40 MB body took the server from 157 to
280 MB, a chunked upload to 400 MB), and the import route's Content-Length check did not stop
chunked uploads. Now every body is counted as it arrives and refused (413) at the first byte
over MAX_BODY_BYTES (the import: MAX_IMPORT_BYTES), declared length or not.

The chunked tests speak raw HTTP/1.1 to a real uvicorn process and never send the last chunk:
a server that waits for the whole body before judging it never answers them.
"""

import base64
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

from knowledge.settings import Settings
from tests.security.knowledge_app import ADMIN, SERVICE, SERVICE_TOKEN, Client, need_payload

LIMIT = 256 * 1024
IMPORT_LIMIT = 512 * 1024  # what the knowledge_server fixture sets
CHUNK = 64 * 1024


def _limited(make_knowledge_client: Any, knowledge_settings: Settings) -> Client:
    # Settings fields that did not exist before are ignored there (extra="ignore").
    settings = Settings(**{**knowledge_settings.model_dump(), "max_body_bytes": LIMIT})
    client: Client = make_knowledge_client(settings)
    return client


def test_finding_9_a_body_over_the_limit_is_refused(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    client = _limited(make_knowledge_client, knowledge_settings)
    body = json.dumps(need_payload(padding="x" * (2 * LIMIT))).encode()
    response = client.post(
        "/api/needs", content=body, headers={"content-type": "application/json", **SERVICE}
    )
    assert response.status_code == 413, response.text[:200]
    assert response.json() == {"detail": f"request body larger than {LIMIT} bytes, the limit of this route"}


def test_finding_9_a_streamed_body_without_length_is_refused(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    client = _limited(make_knowledge_client, knowledge_settings)
    payload = json.dumps(need_payload(padding="x" * (2 * LIMIT))).encode()

    async def stream() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), CHUNK):
            yield payload[start : start + CHUNK]

    response = client.post(
        "/api/needs", content=stream(), headers={"content-type": "application/json", **SERVICE}
    )
    assert response.status_code == 413, response.text[:200]


def test_finding_9_the_import_has_its_own_larger_limit(
    make_knowledge_client: Any, knowledge_settings: Settings
) -> None:
    client = _limited(make_knowledge_client, knowledge_settings)
    body = b"[" + b" " * (LIMIT + CHUNK) + b"]"
    response = client.post(
        "/api/catalogue/import",
        params={"source": "partner-x", "kind": "technology"},
        content=body,
        headers={"content-type": "application/json"},
        auth=ADMIN,
    )
    assert response.status_code == 200, response.text[:200]


def _chunked_upload(address: tuple[str, int], path: str, headers: dict[str, str], total: int) -> bytes:
    """Sends `total` bytes in chunks without the terminating chunk; returns what the server
    answered (b"" if it closed without a word). Times out if the server waits for more."""
    with socket.create_connection(address, timeout=30) as conn:
        head = [f"POST {path} HTTP/1.1", f"Host: {address[0]}:{address[1]}", "Transfer-Encoding: chunked"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent = 0
        try:
            while sent < total:
                conn.sendall(f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n")
                sent += CHUNK
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: read what it said
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                data = conn.recv(65536)
                if not data:
                    break
                answer += data
        except ConnectionResetError:
            pass
        return answer


def test_finding_9_chunked_upload_to_a_real_server_is_stopped_at_the_limit(
    knowledge_server: tuple[str, int],
) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {SERVICE_TOKEN}"}
    answer = _chunked_upload(knowledge_server, "/api/needs/analyse", headers, 4 * LIMIT)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"request body larger than" in answer


def test_finding_9_chunked_import_to_a_real_server_is_stopped_at_its_limit(
    knowledge_server: tuple[str, int],
) -> None:
    credentials = base64.b64encode(f"{ADMIN[0]}:{ADMIN[1]}".encode()).decode()
    headers = {"Content-Type": "text/csv", "Authorization": f"Basic {credentials}"}
    answer = _chunked_upload(
        knowledge_server, "/api/catalogue/import?source=partner-x", headers, 4 * IMPORT_LIMIT
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert f"larger than {IMPORT_LIMIT} bytes".encode() in answer
