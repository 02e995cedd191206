"""How job values read as text, the same on every page, card, feed and API answer."""

from django.utils.formats import number_format

from .choices import SalaryPeriod


def salary_text(minimum: int | None, maximum: int | None, period: str | None) -> str:
    """A salary in the one format every page, card, feed and the dashboard show: "$120,000–$150,000 per year",
    "From $120,000 per year", "Up to $60 per hour"; "" when there is none. Salaries are US dollars."""
    if minimum is None and maximum is None:
        return ""

    def dollars(amount: int) -> str:
        return f"${number_format(amount, decimal_pos=0, force_grouping=True)}"

    if minimum is not None and maximum is not None:
        amounts = dollars(minimum) if minimum == maximum else f"{dollars(minimum)}–{dollars(maximum)}"
    elif minimum is not None:
        amounts = f"From {dollars(minimum)}"
    elif maximum is not None:
        amounts = f"Up to {dollars(maximum)}"
    return f"{amounts} {SalaryPeriod(period).label.lower()}" if period in SalaryPeriod.values else amounts


def place_display_name(city: str, state_province: str | None, country: str) -> str:
    """City, full state name, country where the place has a state ("San Francisco, California, United
    States"), else city and country: the partner contract's form, used on every page and feed too."""
    return ", ".join(part for part in (city, state_province, country) if part)
