"""The demo sheet's words in Polish. The sheet is printed by the CLI (no Qt, so no .ts): its
sentences are keyed by their English and looked up here; English is the key itself."""

from __future__ import annotations

from collections.abc import Callable

POLISH = {
    "Handoff demo sheet": "Arkusz demonstracyjny Handoff",
    "Badges": "Identyfikatory",
    "Scan at any login screen. B-1000 holds every role.":
        "Zeskanuj na dowolnym ekranie logowania. B-1000 ma wszystkie role.",
    "zones": "strefy",
    "Commands": "Polecenia",
    "Scan instead of pressing a key.": "Zeskanuj zamiast naciskać klawisz.",
    "Totes": "Pojemniki",
    "Empty totes to bind to a cart; colours in blocks of 20:":
        "Puste pojemniki do przypisania do wózka; kolory w blokach po 20:",
    "Box types": "Rodzaje kartonów",
    "Scan to override the suggested box.": "Zeskanuj, aby zmienić proponowany karton.",
    "locker": "skrytka",
    "Locations": "Lokalizacje",
    "Where the best sellers are (scan the location, then the item).":
        "Gdzie leżą najlepiej sprzedające się produkty (zeskanuj lokalizację, potem produkt).",
    "location": "lokalizacja",
    "Items (EAN-13)": "Produkty (EAN-13)",
    "The best sellers' GTINs as printed on the products.":
        "Kody GTIN najlepiej sprzedających się produktów, jak na opakowaniach.",
    "Items (SKU code, GS1-128)": "Produkty (kod SKU, GS1-128)",
    "Internal SKU labels, and GS1-128 with batch and expiry.":
        "Wewnętrzne etykiety SKU oraz GS1-128 z partią i datą ważności.",
    "Totes to pack": "Pojemniki do spakowania",
    "Picked orders waiting in totes, most urgent first (scan at the pack station).":
        "Skompletowane zamówienia w pojemnikach, najpilniejsze najpierw (zeskanuj na stanowisku pakowania).",
    "Packages to hand over": "Paczki do wydania",
    "Packed and labelled (scan on the Handover page).": "Spakowane i oklejone (zeskanuj na stronie Wydanie).",
    "Locker: parcels to deposit (courier)": "Paczkomat: paczki do nadania (kurier)",
    "Announced parcels; a courier badge, then the parcel.":
        "Zapowiedziane paczki; identyfikator kuriera, potem paczka.",
    "size": "rozmiar",
    "Locker: pickup codes": "Paczkomat: kody odbioru",
    "Make the demo with `handoff demo --db PATH --sheet FILE.pdf` to print the parcels' phone numbers, codes and"
    " QR tokens.": "Utwórz demo poleceniem `handoff demo --db PATH --sheet FILE.pdf`, aby wydrukować numery telefonów,"
                   " kody i kody QR paczek.",
    "Locker: pickup (recipient)": "Paczkomat: odbiór (odbiorca)",
    "Type the phone number and the code on the kiosk keypad.": "Wpisz numer telefonu i kod na klawiaturze paczkomatu.",
    "door": "skrytka",
    "deposited": "w skrytce",
    "phone": "telefon",
    "code": "kod",
    "expires": "ważny do",
    "Locker: pickup by QR": "Paczkomat: odbiór kodem QR",
    "Hold to the kiosk camera or scanner.": "Przyłóż do kamery lub czytnika paczkomatu.",
    "Locker: returns (sender)": "Paczkomat: zwroty (nadawca)",
    "Type the return code on the kiosk.": "Wpisz kod zwrotu na paczkomacie.",
    "return code": "kod zwrotu",
    # roles and tote colours as the sheet lists them
    "picker": "kompletujący", "packer": "pakujący", "courier": "kurier", "technician": "serwisant",
    "stocker": "magazynier",
    "supervisor": "kierownik zmiany",
    "blue": "niebieski", "red": "czerwony", "green": "zielony", "yellow": "żółty", "grey": "szary",
    "orange": "pomarańczowy",
}

LANGUAGES = ("pl", "en")


def words(language: str) -> Callable[[str], str]:
    """English text → the same text in `language` ("pl" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"The demo sheet is printed in Polish (pl) or English (en), not {language!r}.")
    if language == "en":
        return lambda text: text
    return lambda text: POLISH[text]
