"""Product templates the demo catalogue is drawn from: names as a Polish shop lists them (some in
English, as marketplaces do for electronics), with packed dimensions (mm) and weights (g)."""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("czarny", "biały", "szary", "granatowy", "czerwony", "zielony", "beżowy", "różowy")
COLOURS_EN = ("black", "white", "grey", "navy", "red", "green", "silver", "blue")
SIZES = ("S", "M", "L", "XL", "XXL")


@dataclass(frozen=True)
class Template:
    name: str                      # may contain {v} (first variant axis) and {w} (second)
    size: tuple[int, int, int]     # packed length, width, height in mm
    weight: int                    # packed weight in g
    brands: tuple[str, ...]
    v: tuple[str, ...] = ("",)
    w: tuple[str, ...] = ("",)


KITCHEN = ("Domowa Chata", "Kraków Kitchen", "Ambition Home")
TECH = ("TechNova", "Voltis", "Lumo")
HOME = ("Vistula Home", "EkoDom", "Sowa Living")
BEAUTY = ("Bałtyk Care", "Pszczółka", "Natura Polska")
KIDS = ("Kids&Co", "Klocuś", "Sowa Toys")
SPORT = ("Tatra Sport", "Mazury Outdoor", "Polar Active")
GARDEN = ("Zielony Ogród", "EkoDom")
PETS = ("Mruczek", "Burek&Co")
FOOD = ("Palarnia Kraków", "Pszczółka", "Mazurskie Smaki")
DIY = ("Warsztat Pro", "Voltis")
WEAR = ("Polar Active", "Tatra Sport", "Vistula Basic")
OFFICE = ("Sowa Office", "Papirus")

TEMPLATES: tuple[Template, ...] = (
    Template("Kubek ceramiczny 350 ml, {v}", (120, 110, 110), 380, KITCHEN, COLOURS),
    Template("Patelnia granitowa {v}", (480, 290, 70), 1100, KITCHEN, ("20 cm", "24 cm", "26 cm", "28 cm")),
    Template("Garnek stalowy z pokrywką {v}", (260, 260, 190), 1500, KITCHEN, ("2 l", "3 l", "5 l")),
    Template("Deska do krojenia bambusowa {v}", (400, 260, 25), 900, KITCHEN, ("30×20 cm", "38×25 cm")),
    Template("Nóż szefa kuchni {v}", (340, 60, 25), 210, KITCHEN, ("15 cm", "20 cm", "23 cm")),
    Template("Czajnik elektryczny 1,7 l, {v}", (240, 180, 250), 1300, KITCHEN, COLOURS[:5]),
    Template("Pojemnik na żywność {v}, zestaw {w}", (220, 160, 120), 420, KITCHEN, ("0,5 l", "1 l", "2 l"),
             ("3 szt.", "5 szt.")),
    Template("Młynek do kawy żarnowy, {v}", (200, 120, 260), 1600, KITCHEN, ("czarny", "srebrny")),
    Template("USB-C cable {v}, {w}", (150, 90, 20), 60, TECH, ("1 m", "2 m", "3 m"), COLOURS_EN[:4]),
    Template("Wireless mouse, {v}", (180, 110, 50), 140, TECH, COLOURS_EN),
    Template("Power bank {v}", (170, 100, 35), 290, TECH, ("10000 mAh", "20000 mAh", "5000 mAh")),
    Template("Bluetooth speaker, {v}", (210, 110, 110), 620, TECH, COLOURS_EN[:6]),
    Template("Słuchawki bezprzewodowe douszne, {v}", (120, 100, 45), 160, TECH, COLOURS_EN[:4]),
    Template("Ładowarka sieciowa GaN {v}", (110, 80, 45), 150, TECH, ("30 W", "45 W", "65 W", "100 W")),
    Template("Hub USB-C {v}", (140, 80, 25), 110, TECH, ("4w1", "7w1", "10w1")),
    Template("Karta pamięci microSD {v}", (100, 70, 10), 15, TECH, ("32 GB", "64 GB", "128 GB", "256 GB")),
    Template("Klawiatura mechaniczna {v}, układ {w}", (480, 180, 50), 1100, TECH, ("Red", "Brown", "Blue"),
             ("PL", "US")),
    Template("Żarówka LED E27 {v}, {w}", (115, 65, 65), 60, TECH, ("806 lm", "1055 lm", "1521 lm"),
             ("2700 K", "4000 K")),
    Template("Ręcznik bawełniany {v}, {w}", (320, 250, 60), 520, HOME, ("50×90 cm", "70×140 cm"), COLOURS),
    Template("Pościel satynowa {v}, {w}", (380, 300, 90), 1600, HOME, ("140×200", "160×200", "220×200"),
             ("szara", "biała", "granatowa", "w kwiaty")),
    Template("Poduszka dekoracyjna 45×45 cm, {v}", (420, 320, 120), 450, HOME, COLOURS),
    Template("Koc polarowy 150×200 cm, {v}", (380, 300, 80), 900, HOME, COLOURS),
    Template("Świeca zapachowa w szkle, {v}", (100, 100, 110), 420, HOME,
             ("wanilia", "lawenda", "cynamon", "bawełna", "drzewo sandałowe", "cytryna")),
    Template("Lampka nocna LED z ładowaniem, {v}", (160, 120, 120), 380, HOME, ("biała", "drewniana", "czarna")),
    Template("Szampon do włosów 400 ml, {v}", (220, 75, 55), 460, BEAUTY,
             ("przeciwłupieżowy", "nawilżający", "do włosów farbowanych", "z pokrzywą")),
    Template("Krem do rąk 75 ml, {v}", (150, 50, 35), 95, BEAUTY, ("z mocznikiem", "regenerujący", "z miodem")),
    Template("Żel pod prysznic 500 ml, {v}", (230, 80, 55), 560, BEAUTY,
             ("morski", "cytrusowy", "kokosowy", "mięta")),
    Template("Pasta do zębów 75 ml, {v}", (190, 45, 40), 120, BEAUTY, ("wybielająca", "z fluorem", "ziołowa")),
    Template("Klocki konstrukcyjne {v}", (380, 260, 90), 900, KIDS, ("250 el.", "500 el.", "1000 el.")),
    Template("Puzzle {v}, {w}", (350, 250, 55), 650, KIDS, ("500 el.", "1000 el.", "1500 el."),
             ("Tatry", "Kraków nocą", "Mapa świata", "Bałtyk")),
    Template("Pluszowy miś {v}", (300, 200, 150), 280, KIDS, ("20 cm", "30 cm", "45 cm")),
    Template("Gra planszowa {v}", (300, 300, 80), 1100, KIDS, ("Wyspa skarbów", "Kolejka", "Ekspedycja")),
    Template("Notes A5 w kratkę, {v}", (215, 150, 15), 220, OFFICE, ("96 k.", "160 k.")),
    Template("Długopisy żelowe {v}", (160, 90, 15), 70, OFFICE, ("4 kolory", "8 kolorów", "12 kolorów")),
    Template("Zeszyt A4 {v}, {w}", (300, 210, 8), 250, OFFICE, ("60 k.", "96 k."), ("kratka", "linia")),
    Template("Mata do jogi 6 mm, {v}", (600, 150, 150), 1000, SPORT, COLOURS),
    Template("Hantle winylowe 2× {v}", (300, 180, 110), 4200, SPORT, ("1 kg", "2 kg", "3 kg", "5 kg")),
    Template("Bidon sportowy 750 ml, {v}", (260, 80, 80), 160, SPORT, COLOURS),
    Template("Skakanka z łożyskami, {v}", (180, 120, 40), 210, SPORT, ("czarna", "różowa", "niebieska")),
    Template("Piłka nożna rozmiar {v}", (230, 230, 230), 430, SPORT, ("3", "4", "5")),
    Template("Nasiona {v}", (150, 95, 5), 10, GARDEN,
             ("pomidor malinowy", "bazylia", "rzodkiewka", "ogórek gruntowy", "koper", "marchew")),
    Template("Konewka ogrodowa {v}", (520, 200, 300), 800, GARDEN, ("5 l", "10 l")),
    Template("Rękawice ogrodowe, rozmiar {v}", (260, 140, 20), 90, GARDEN, ("S", "M", "L", "XL")),
    Template("Karma mokra dla kota 400 g, {v}", (100, 100, 60), 430, PETS,
             ("wołowina", "kurczak", "łosoś", "indyk")),
    Template("Smycz dla psa {v}", (200, 150, 40), 190, PETS, ("3 m", "5 m", "8 m")),
    Template("Kawa ziarnista 1 kg, {v}", (260, 140, 80), 1030, FOOD, ("Brazylia", "Etiopia", "Kolumbia", "Espresso")),
    Template("Herbata czarna {v}", (160, 90, 75), 220, FOOD, ("50 torebek", "100 torebek")),
    Template("Miód {v} 400 g", (90, 90, 110), 560, FOOD, ("wielokwiatowy", "lipowy", "gryczany", "akacjowy")),
    Template("Wkrętarka akumulatorowa 18 V, {v}", (380, 320, 110), 2400, DIY, ("1 akumulator", "2 akumulatory")),
    Template("Zestaw bitów {v}", (180, 110, 35), 350, DIY, ("32 el.", "48 el.", "100 el.")),
    Template("Taśma izolacyjna 19 mm × 20 m, {v}", (100, 100, 20), 60, DIY, COLOURS[:5]),
    Template("Pióro wycieraczki {v}", (640, 80, 40), 240, DIY, ("450 mm", "530 mm", "600 mm", "650 mm")),
    Template("T-shirt bawełniany, {v}, {w}", (300, 220, 20), 190, WEAR, COLOURS, SIZES),
    Template("Bluza z kapturem, {v}, {w}", (350, 280, 60), 560, WEAR, COLOURS[:4], SIZES),
    Template("Skarpety sportowe 3-pak, rozmiar {v}", (220, 110, 40), 150, WEAR, ("35-38", "39-42", "43-46")),
)

# Multipacks: the same product sold as 2 or 3 units in one pack (only where the pack stays small).
PACKS: tuple[tuple[str, int], ...] = (("", 1), (" (2 szt.)", 2), (" (3 szt.)", 3))
MAX_PACK_HEIGHT_MM = 300
