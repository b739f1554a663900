"""Finding 11: a NUL byte, a bare carriage return or a 128 KB field in a CSV, or deeply nested
JSON/YAML gave 500s; a 269-byte YAML with aliases produced a 5.2 MB answer. Now each is a clear
422 naming the line, row or position, and the database is as it was."""

import json
from typing import Any

import pytest

from tests.security.knowledge_app import ADMIN, Client, technology_count

IMPORT = "/api/catalogue/import"
HEADER = "kind,external_id,name,summary,sectors,regions,illustrative,provider\n"
GOOD_ROW = "technology,t1,Test dryer,Dries things,agriculture_food,global,true,Maker\n"
# Nine levels of aliases, each doubling the last: 269 bytes that expand to 10**9 items.
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""
ALIAS_ROWS = """\
technologies:
  - &row {external_id: t1, name: Dryer, summary: S, sectors: [agriculture_food], regions: [global],
          illustrative: true, provider: Maker}
  - *row
  - *row
"""


def _import(client: Client, body: bytes, media: str) -> Any:
    return client.post(
        IMPORT, params={"source": "partner-x"}, content=body, headers={"content-type": media}, auth=ADMIN
    )


CASES = {
    "csv NUL byte": (
        (HEADER + GOOD_ROW + "technology,t2,Dry\x00er,S,energy,global,true,M\n").encode(),
        "text/csv",
        "line 3",
    ),
    "csv bare carriage return": (
        (HEADER + "technology,t2,Dry\rer,S,energy,global,true,M\n").encode(),
        "text/csv",
        "line 2",
    ),
    "csv 128 KB field": (
        (HEADER + GOOD_ROW + f"technology,t2,{'x' * 131_073},S,energy,global,true,M\n").encode(),
        "text/csv",
        "line 3",
    ),
    "json nested 100000 deep": (b"[" * 100_000 + b"]" * 100_000, "application/json", "nested"),
    "yaml nested 100000 deep": (b"[" * 100_000 + b"]" * 100_000, "application/x-yaml", "nested"),
    "yaml flow mappings nested deep": (b"{a: " * 5_000 + b"1" + b"}" * 5_000, "application/x-yaml", "nested"),
    "yaml alias bomb": (BILLION_LAUGHS.encode(), "application/x-yaml", "alias"),
    "yaml aliased rows": (ALIAS_ROWS.encode(), "application/x-yaml", "line 4"),
    "json lone surrogate": (
        json.dumps([{"kind": "technology", "external_id": "t1", "name": "X", "summary": "S"}])
        .replace('"X"', '"\\ud800"')
        .encode(),
        "application/json",
        "",
    ),
    "yaml control character": (b"technologies: [\x01]", "application/x-yaml", "position 15"),
    "not utf-8": (
        HEADER.encode() + b"technology,t1,Caf\xe9,S,energy,global,true,M\n",
        "text/csv",
        "position",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_finding_11_unreadable_import_is_a_clear_422_and_changes_nothing(
    knowledge_client: Client, knowledge_db_url: str, case: str
) -> None:
    body, media, where = CASES[case]
    before = technology_count(knowledge_db_url)
    response = _import(knowledge_client, body, media)
    assert response.status_code == 422, (response.status_code, response.text[:300])
    assert len(response.content) < 10_000
    assert where in json.dumps(response.json()["detail"])
    assert technology_count(knowledge_db_url) == before


def test_finding_11_a_good_file_still_imports(knowledge_client: Client, knowledge_db_url: str) -> None:
    before = technology_count(knowledge_db_url)
    response = _import(knowledge_client, (HEADER + GOOD_ROW).replace("\n", "\r\n").encode(), "text/csv")
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 1
    assert technology_count(knowledge_db_url) == before + 1


def test_finding_11_a_file_of_bad_rows_gives_a_bounded_report(knowledge_client: Client) -> None:
    rows = "".join(f"technology,t{i},N,S,nowhere,global,true,M\n" for i in range(5000))
    response = _import(knowledge_client, (HEADER + rows).encode(), "text/csv")
    assert response.status_code == 200
    report = response.json()
    assert report["rejected_count"] == 5000 and len(report["rejected"]) == 200
    assert any("first 200 of 5000" in w for w in report["warnings"])
