"""Plausible Polish recipients: names, streets, postcodes, cities and mobile numbers (all made up)."""

from __future__ import annotations

import random
from dataclasses import dataclass

WOMEN = ("Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena",
         "Joanna", "Aleksandra", "Zofia", "Monika", "Natalia", "Julia", "Karolina", "Paulina", "Weronika",
         "Dorota", "Beata", "Marta", "Justyna", "Iwona", "Hanna", "Łucja")
MEN = ("Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Jakub", "Adam",
       "Łukasz", "Mateusz", "Marek", "Grzegorz", "Wojciech", "Kamil", "Rafał", "Szymon", "Bartosz", "Dawid",
       "Stanisław", "Zbigniew", "Jerzy", "Kacper", "Filip")
# (masculine, feminine) surname forms
SURNAMES = (("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
            ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
            ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
            ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
            ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
            ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
            ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
            ("Król", "Król"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"),
            ("Nowicki", "Nowicka"), ("Majewski", "Majewska"), ("Olszewski", "Olszewska"),
            ("Stępień", "Stępień"), ("Malinowski", "Malinowska"), ("Jaworski", "Jaworska"),
            ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Zając", "Zając"), ("Górski", "Górska"))
STREETS = ("Marszałkowska", "Długa", "Polna", "Leśna", "Słoneczna", "Krótka", "Szkolna", "Ogrodowa",
           "Lipowa", "Brzozowa", "Łąkowa", "Kwiatowa", "Kościuszki", "Mickiewicza", "Sienkiewicza",
           "Jana Pawła II", "Piłsudskiego", "Słowackiego", "Kolejowa", "Wojska Polskiego", "Żeromskiego",
           "3 Maja", "Armii Krajowej", "Reymonta", "Konopnickiej", "Grunwaldzka", "Parkowa", "Wiejska",
           "Chopina", "Kopernika")
# (city, first two postcode digits, last three digits range)
CITIES = (("Warszawa", "00-", "02-"), ("Kraków", "30-", "31-"), ("Łódź", "90-", "93-"),
          ("Wrocław", "50-", "54-"), ("Poznań", "60-", "61-"), ("Gdańsk", "80-", "80-"),
          ("Szczecin", "70-", "71-"), ("Bydgoszcz", "85-", "85-"), ("Lublin", "20-", "20-"),
          ("Białystok", "15-", "15-"), ("Katowice", "40-", "40-"), ("Gdynia", "81-", "81-"),
          ("Częstochowa", "42-", "42-"), ("Radom", "26-", "26-"), ("Rzeszów", "35-", "35-"),
          ("Toruń", "87-", "87-"), ("Kielce", "25-", "25-"), ("Olsztyn", "10-", "10-"),
          ("Opole", "45-", "45-"), ("Zielona Góra", "65-", "65-"), ("Piaseczno", "05-", "05-"),
          ("Pruszków", "05-", "05-"), ("Sopot", "81-", "81-"), ("Zakopane", "34-", "34-"))
MOBILE_PREFIXES = ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")


@dataclass(frozen=True)
class Recipient:
    name: str
    street: str
    postcode: str
    city: str
    phone: str      # nine digits, as shops store it (without +48)
    email: str


_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def recipient(rng: random.Random) -> Recipient:
    woman = rng.random() < 0.52
    first = rng.choice(WOMEN if woman else MEN)
    surname = rng.choice(SURNAMES)[1 if woman else 0]
    city, low, high = rng.choice(CITIES)
    prefix = rng.choice((low, high))
    street = f"ul. {rng.choice(STREETS)} {rng.randint(1, 140)}"
    if rng.random() < 0.6:
        street += f"/{rng.randint(1, 80)}"
    email = f"{first}.{surname}{rng.randint(1, 99)}".lower().translate(_ASCII) + "@example.pl"
    return Recipient(f"{first} {surname}", street, f"{prefix}{rng.randrange(1000):03d}", city, mobile(rng), email)
