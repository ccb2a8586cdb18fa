"""Demo staff with badges for every role, and the picking totes."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from terminal.demo.base import insert_rows
from terminal.people.badges import register_badge


@dataclass(frozen=True)
class Person:
    id: str
    badge: str
    name: str
    roles: str
    zones: str = ""
    language: str = "pl"


# Fixed (not drawn from the seed) so a printed badge sheet works with every demo database.
# Badge series: B-1000 all roles, B-10xx pickers, B-11xx packers, B-12xx couriers,
# B-13xx technicians, B-14xx supervisors, B-15xx stockers (receiving, putaway, replenishment, counts, returns).
PEOPLE: tuple[Person, ...] = (
    Person("user-demo-lead", "B-1000", "Demo Lider", "picker,packer,stocker,courier,technician,supervisor"),
    Person("user-picker-1", "B-1001", "Anna Nowak", "picker", "A"),
    Person("user-picker-2", "B-1002", "Piotr Kowalski", "picker", "B"),
    Person("user-picker-3", "B-1003", "Katarzyna Wiśniewska", "picker", "A,B"),
    Person("user-picker-4", "B-1004", "Tomasz Wójcik", "picker", "A"),
    Person("user-picker-5", "B-1005", "Olena Kovalenko", "picker", "B", "en"),
    Person("user-packer-1", "B-1101", "Magdalena Kamińska", "packer"),
    Person("user-packer-2", "B-1102", "Michał Lewandowski", "packer"),
    Person("user-packer-3", "B-1103", "Agnieszka Zielińska", "packer,picker", "A,B"),
    Person("user-courier-1", "B-1201", "Krzysztof Szymański", "courier"),
    Person("user-courier-2", "B-1202", "Paweł Woźniak", "courier"),
    Person("user-tech-1", "B-1301", "Marek Dąbrowski", "technician"),
    Person("user-super-1", "B-1401", "Joanna Kozłowska", "supervisor"),
    Person("user-super-2", "B-1402", "Andrzej Jankowski", "supervisor,packer", "", "en"),
    Person("user-stock-1", "B-1501", "Ewa Mazur", "stocker"),
    Person("user-stock-2", "B-1502", "Jan Krawczyk", "stocker,picker", "A,B", "en"),
)

TOTE_COLOURS = ("blue", "red", "green", "yellow", "grey", "orange")
TOTES = tuple(f"T-{n:03d}" for n in range(1, 121))


def badges_by_role() -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for person in PEOPLE:
        for role in person.roles.split(","):
            roles.setdefault(role, []).append(person.badge)
    return roles


def insert_people(db: sqlite_utils.Database) -> None:
    insert_rows(db, "users", ("id", "name", "roles", "zones", "language"),
                [(p.id, p.name, p.roles, p.zones, p.language) for p in PEOPLE])
    for person in PEOPLE:
        register_badge(db, person.badge, person.id)
    insert_rows(db, "totes", ("code", "colour"),
                [(code, TOTE_COLOURS[i // 20 % len(TOTE_COLOURS)]) for i, code in enumerate(TOTES)])
