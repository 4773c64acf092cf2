"""Magdeburg's official districts (Stadtteile) and which lie next to each other.

Neighbourhood is used only to rank guides (a guide next door is nearly as good as one in the
same district); it is an approximation from the city map, kept here so coordinators' staff can
correct it in one place.
"""

from __future__ import annotations

DISTRICTS: tuple[str, ...] = (
    "Altstadt", "Werder", "Alte Neustadt", "Neue Neustadt", "Neustädter See", "Kannenstieg",
    "Neustädter Feld", "Sülzegrund", "Milchweg", "Rothensee", "Industriehafen",
    "Gewerbegebiet Nord", "Barleber See", "Großer Silberberg", "Herrenkrug", "Brückfeld",
    "Cracau", "Prester", "Zipkeleben", "Berliner Chaussee", "Kreuzhorst", "Pechau",
    "Randau-Calenberge", "Westerhüsen", "Salbke", "Fermersleben", "Buckau", "Leipziger Straße",
    "Reform", "Hopfengarten", "Beyendorfer Grund", "Beyendorf-Sohlen", "Lemsdorf", "Sudenburg",
    "Ottersleben", "Stadtfeld Ost", "Stadtfeld West", "Diesdorf", "Neu Olvenstedt",
    "Alt Olvenstedt", "Nordwest",
)

_NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "Altstadt": ("Werder", "Alte Neustadt", "Stadtfeld Ost", "Sudenburg", "Leipziger Straße",
                 "Buckau"),
    "Werder": ("Altstadt", "Brückfeld", "Cracau", "Alte Neustadt", "Buckau"),
    "Alte Neustadt": ("Altstadt", "Neue Neustadt", "Stadtfeld Ost", "Nordwest", "Werder",
                      "Rothensee"),
    "Neue Neustadt": ("Alte Neustadt", "Neustädter See", "Kannenstieg", "Milchweg", "Rothensee",
                      "Nordwest", "Neustädter Feld"),
    "Neustädter See": ("Neue Neustadt", "Kannenstieg", "Milchweg", "Barleber See",
                       "Neustädter Feld"),
    "Kannenstieg": ("Neue Neustadt", "Neustädter See", "Neustädter Feld", "Sülzegrund"),
    "Neustädter Feld": ("Kannenstieg", "Neue Neustadt", "Nordwest", "Sülzegrund",
                        "Neu Olvenstedt", "Neustädter See"),
    "Sülzegrund": ("Kannenstieg", "Neustädter Feld", "Gewerbegebiet Nord"),
    "Milchweg": ("Neue Neustadt", "Neustädter See", "Rothensee", "Gewerbegebiet Nord"),
    "Rothensee": ("Neue Neustadt", "Milchweg", "Industriehafen", "Alte Neustadt",
                  "Gewerbegebiet Nord", "Barleber See"),
    "Industriehafen": ("Rothensee", "Gewerbegebiet Nord", "Herrenkrug"),
    "Gewerbegebiet Nord": ("Rothensee", "Milchweg", "Sülzegrund", "Industriehafen",
                           "Barleber See"),
    "Barleber See": ("Neustädter See", "Rothensee", "Gewerbegebiet Nord"),
    "Großer Silberberg": ("Herrenkrug", "Rothensee"),
    "Herrenkrug": ("Brückfeld", "Cracau", "Großer Silberberg", "Industriehafen"),
    "Brückfeld": ("Werder", "Cracau", "Herrenkrug", "Berliner Chaussee"),
    "Cracau": ("Brückfeld", "Werder", "Prester", "Berliner Chaussee", "Herrenkrug"),
    "Prester": ("Cracau", "Zipkeleben", "Pechau", "Kreuzhorst"),
    "Zipkeleben": ("Prester", "Berliner Chaussee", "Pechau"),
    "Berliner Chaussee": ("Cracau", "Brückfeld", "Zipkeleben"),
    "Kreuzhorst": ("Prester", "Pechau", "Buckau", "Fermersleben"),
    "Pechau": ("Prester", "Zipkeleben", "Randau-Calenberge", "Kreuzhorst"),
    "Randau-Calenberge": ("Pechau", "Westerhüsen"),
    "Westerhüsen": ("Salbke", "Randau-Calenberge", "Beyendorf-Sohlen"),
    "Salbke": ("Fermersleben", "Westerhüsen", "Reform", "Hopfengarten"),
    "Fermersleben": ("Buckau", "Salbke", "Leipziger Straße", "Hopfengarten", "Kreuzhorst"),
    "Buckau": ("Altstadt", "Leipziger Straße", "Fermersleben", "Werder", "Kreuzhorst"),
    "Leipziger Straße": ("Altstadt", "Sudenburg", "Buckau", "Fermersleben", "Reform",
                         "Lemsdorf", "Hopfengarten"),
    "Reform": ("Leipziger Straße", "Hopfengarten", "Lemsdorf", "Ottersleben", "Salbke"),
    "Hopfengarten": ("Reform", "Leipziger Straße", "Fermersleben", "Salbke",
                     "Beyendorfer Grund"),
    "Beyendorfer Grund": ("Hopfengarten", "Beyendorf-Sohlen", "Ottersleben"),
    "Beyendorf-Sohlen": ("Beyendorfer Grund", "Westerhüsen"),
    "Lemsdorf": ("Sudenburg", "Leipziger Straße", "Reform", "Ottersleben"),
    "Sudenburg": ("Altstadt", "Stadtfeld Ost", "Leipziger Straße", "Lemsdorf", "Ottersleben",
                  "Stadtfeld West"),
    "Ottersleben": ("Sudenburg", "Lemsdorf", "Reform", "Beyendorfer Grund", "Diesdorf",
                    "Stadtfeld West"),
    "Stadtfeld Ost": ("Altstadt", "Stadtfeld West", "Sudenburg", "Alte Neustadt", "Nordwest"),
    "Stadtfeld West": ("Stadtfeld Ost", "Diesdorf", "Neu Olvenstedt", "Sudenburg", "Nordwest",
                       "Ottersleben"),
    "Diesdorf": ("Stadtfeld West", "Neu Olvenstedt", "Ottersleben"),
    "Neu Olvenstedt": ("Stadtfeld West", "Diesdorf", "Alt Olvenstedt", "Nordwest",
                       "Neustädter Feld"),
    "Alt Olvenstedt": ("Neu Olvenstedt",),
    "Nordwest": ("Stadtfeld Ost", "Stadtfeld West", "Alte Neustadt", "Neue Neustadt",
                 "Neu Olvenstedt", "Neustädter Feld"),
}


def neighbours(district: str) -> frozenset[str]:
    """Symmetric: if A lists B, B is A's neighbour too."""
    out = set(_NEIGHBOURS.get(district, ()))
    out |= {d for d, ns in _NEIGHBOURS.items() if district in ns}
    out.discard(district)
    return frozenset(out)


NEIGHBOURS: dict[str, frozenset[str]] = {d: neighbours(d) for d in DISTRICTS}
