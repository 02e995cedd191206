"""How admin actions say what they did: counts with the right plural, one success line, then notes."""

from collections.abc import Sequence

from django.contrib import messages


def counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def report(modeladmin, request, *, done: list[str], notes: Sequence[str] = ()) -> None:
    """`done`: what the action changed, as parts of one sentence ("2 companies disabled", "14 offers hidden with
    them"), shown as a success when it is not empty. `notes`: what it left as it was, one message each."""
    if done:
        modeladmin.message_user(request, "; ".join(done) + ".", messages.SUCCESS)
    for note in notes:
        modeladmin.message_user(request, note, messages.INFO)
