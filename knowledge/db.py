"""Engine and session factories. Nothing connects at import time."""

from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql.expression import Executable


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    # A failing statement's parameters are the users' words and phone numbers: keep them out
    # of exception messages and logs.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # FastAPI runs sync routes in a thread pool, so one connection may change threads.
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked on each connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def insert_new_rows(session: Session, model: type[DeclarativeBase], rows: list[dict[str, Any]]) -> int:
    """Inserts the rows that do not break a unique constraint and skips the others, in one
    statement, so two requests racing to record the same thing cannot fail. Returns how many
    were inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    statement: Executable
    if dialect == "postgresql":
        statement = postgresql.insert(model).values(rows).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(rows).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"insert_new_rows does not support {dialect}")
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount
