"""Batched writes of a push's rows: the ops log, rejections, exceptions, entities and the change log.

A push of 500 ops writes ~1,000 rows. Through SQLAlchemy Core each row paid for parameter processing,
and psycopg's executemany sends one statement per row: together more than the database's own work
(issue 13's benchmark, bench/bench_sync_floor.py). So rows are written the way the database takes them
fastest, inside the caller's transaction (the same DBAPI connection, so atomicity is unchanged):

* PostgreSQL: `COPY … FROM STDIN` for appends; entity upserts as one `INSERT … SELECT FROM
  json_populate_recordset(…) ON CONFLICT` with the rows as one JSON text (encoded in C; psycopg's
  Python array dumping cost more than the statement);
* SQLite: one `executemany` of a plain prepared INSERT.

Rows are in order, so ids (the change log's commit order) are handed out in the order given."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import msgspec
from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError

_encoder = msgspec.json.Encoder(order="sorted")


def encode(data: Any) -> str:
    """Compact JSON with sorted keys (the form the ops log and entities keep), at C speed.

    Only for values that passed an args model or came from a handler: msgspec writes NaN as null,
    and the door refuses NaN before anything is stored."""
    return _encoder.encode(data).decode()


@contextmanager
def _cursor(conn: Connection, statement: str) -> Iterator[Any]:
    """A DBAPI cursor of the connection's transaction; its errors are raised as SQLAlchemy's own
    (IntegrityError, OperationalError…), so the push's retry rules see them as before."""
    dbapi_error = conn.dialect.loaded_dbapi.Error
    cursor = conn.connection.cursor()
    try:
        yield cursor
    except dbapi_error as exc:
        raise DBAPIError.instance(statement, None, exc, dbapi_error) from exc
    finally:
        cursor.close()


def append(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in `columns` order) into `table`, in order."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        statement = f"COPY {table.name} ({names}) FROM STDIN"
        with _cursor(conn, statement) as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
        with _cursor(conn, statement) as cursor:
            cursor.executemany(statement, rows)


def upsert_entities(conn: Connection, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """(site_id, entity, key, data) rows: insert, or replace the data of the row with that key."""
    if not rows:
        return
    conflict = "ON CONFLICT (site_id, entity, key) DO UPDATE SET data = excluded.data"
    if conn.dialect.name == "postgresql":
        statement = ("INSERT INTO entities (site_id, entity, key, data) SELECT site_id, entity, key, data FROM"
                     f" json_populate_recordset(NULL::entities, %s) {conflict}")
        with _cursor(conn, statement) as cursor:
            cursor.execute(statement, [_encoder.encode(
                [{"site_id": s, "entity": e, "key": k, "data": d} for s, e, k, d in rows]).decode()])
    else:
        statement = f"INSERT INTO entities (site_id, entity, key, data) VALUES (?, ?, ?, ?) {conflict}"
        with _cursor(conn, statement) as cursor:
            cursor.executemany(statement, rows)
