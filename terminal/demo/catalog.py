"""The demo catalogue: SKUs with GTIN-13s, their barcodes, inventory slotted by popularity, box types."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from terminal.clock import iso
from terminal.demo.base import gtin13, insert_rows
from terminal.demo.layout import DEMO_LAYOUT, locations_by_walk
from terminal.demo.products import MAX_PACK_HEIGHT_MM, PACKS, TEMPLATES

GS1_POLAND = "590"


@dataclass(frozen=True)
class Sku:
    code: str
    name: str
    length_mm: int
    width_mm: int
    height_mm: int
    weight_g: int
    gtin: str          # GTIN-13
    rank: int          # 0 = the best seller


@dataclass(frozen=True)
class BoxType:
    code: str
    name: str
    barcode: str
    inner: tuple[int, int, int]
    tare_g: int
    max_weight_g: int
    locker_size: str | None


BOX_TYPES: tuple[BoxType, ...] = (
    BoxType("ENV-S", "Koperta bąbelkowa S", "BOX-ENV-S", (240, 170, 30), 15, 1000, "A"),
    BoxType("ENV-L", "Koperta bąbelkowa L", "BOX-ENV-L", (350, 250, 50), 30, 2000, "A"),
    BoxType("S", "Karton S", "BOX-S", (380, 300, 70), 120, 5000, "A"),
    BoxType("M", "Karton M", "BOX-M", (380, 300, 180), 220, 10000, "B"),
    BoxType("L", "Karton L", "BOX-L", (400, 380, 390), 380, 20000, "C"),
    BoxType("XL", "Karton XL", "BOX-XL", (700, 450, 450), 650, 30000, None),
)


def _jitter(rng: random.Random, value: int, spread: float) -> int:
    return max(1, round(value * rng.uniform(1 - spread, 1 + spread)))


def make_skus(rng: random.Random) -> list[Sku]:
    """Every product × brand × variant × pack, in a seeded popularity order."""
    names: list[tuple[str, str, tuple[int, int, int], int]] = []
    for template in TEMPLATES:
        for brand in template.brands:
            for v in template.v:
                for w in template.w:
                    for suffix, units in PACKS:
                        length, width, height = template.size
                        if height * units > MAX_PACK_HEIGHT_MM:
                            continue
                        name = f"{brand} {template.name.format(v=v, w=w)}{suffix}"
                        names.append((name, brand, (length, width, height * units), template.weight * units))
    rng.shuffle(names)
    companies: dict[str, str] = {}
    items: dict[str, int] = {}
    skus = []
    for rank, (name, brand, (length, width, height), weight) in enumerate(names):
        company = companies.setdefault(brand, f"{1000 + len(companies) * 37 + rng.randrange(30):04d}")
        items[brand] = items.get(brand, rng.randrange(100, 900)) + rng.randrange(1, 7)
        gtin = gtin13(f"{GS1_POLAND}{company}{items[brand]:05d}")
        dims = sorted((_jitter(rng, length, 0.08), _jitter(rng, width, 0.08), _jitter(rng, height, 0.1)),
                      reverse=True)
        skus.append(Sku(f"SKU-{rank + 10001}", name, dims[0], dims[1], dims[2], _jitter(rng, weight, 0.15),
                        gtin, rank))
    return skus


def popularity_weights(skus: list[Sku]) -> list[float]:
    """Zipf-like demand: a few best sellers, a long tail."""
    return [1.0 / (sku.rank + 8) ** 0.9 for sku in skus]


def insert_catalog(db: sqlite_utils.Database, rng: random.Random, now: datetime) -> list[Sku]:
    skus = make_skus(rng)
    insert_rows(db, "skus", ("code", "name", "length_mm", "width_mm", "height_mm", "weight_g"),
                [(s.code, s.name, s.length_mm, s.width_mm, s.height_mm, s.weight_g) for s in skus])
    barcodes: list[tuple[str, str, str, int]] = []
    for sku in skus:
        barcodes.append(("0" + sku.gtin, sku.code, "gtin", 1))
        barcodes.append((sku.code, sku.code, "internal", 1))
        if sku.rank % 17 == 0 and sku.weight_g < 2000:
            # A case of 6 or 12 carries its own GTIN-14 (indicator digit 1).
            case = "1" + sku.gtin[:12]
            total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(case))
            barcodes.append((case + str((10 - total % 10) % 10), sku.code, "gtin", 12 if sku.weight_g < 300 else 6))
    insert_rows(db, "sku_barcodes", ("barcode", "sku_code", "kind", "units"), barcodes)
    insert_rows(db, "box_types", ("code", "name", "barcode", "inner_length_mm", "inner_width_mm",
                                  "inner_height_mm", "tare_g", "max_weight_g", "locker_size"),
                [(b.code, b.name, b.barcode, *b.inner, b.tare_g, b.max_weight_g, b.locker_size)
                 for b in BOX_TYPES])
    insert_inventory(db, rng, skus, iso(now))
    return skus


def insert_inventory(db: sqlite_utils.Database, rng: random.Random, skus: list[Sku], opened: str) -> None:
    """Best sellers nearest the depot; the top 15 % also in a second location in the other zone."""
    walk = locations_by_walk()
    by_zone: dict[str, list[str]] = {}
    for loc in walk:
        by_zone.setdefault(loc.zone, []).append(loc.code)
    rows: dict[tuple[str, str], int] = {}
    popular = len(skus) * 15 // 100
    for sku in sorted(skus, key=lambda s: s.rank):
        primary = walk[sku.rank % len(walk)]
        rows[(primary.code, sku.code)] = rng.randint(40, 200) if sku.rank < popular else rng.randint(4, 60)
        if sku.rank < popular:
            other = "B" if primary.zone == "A" else "A"
            while True:
                second = rng.choice(by_zone[other])
                if (second, sku.code) not in rows:
                    break
            rows[(second, sku.code)] = rng.randint(10, 80)
    insert_rows(db, "inventory", ("location_code", "sku_code", "qty"),
                [(loc, sku, qty) for (loc, sku), qty in rows.items()])
    # the stock card opens with what stands on the shelves (terminal/inventory/ledger.py)
    insert_rows(db, "stock_movements", ("id", "at", "location_code", "sku_code", "delta", "kind"),
                [(f"opening:{loc}|{sku}", opened, loc, sku, qty, "opening") for (loc, sku), qty in rows.items()])


__all__ = ["BOX_TYPES", "DEMO_LAYOUT", "BoxType", "Sku", "insert_catalog", "popularity_weights"]
