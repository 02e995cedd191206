"""Helpers for the company application tests: calls of the sign-up API and links found in mails."""

import json
import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from tests.mailbox import text_of


def post_json(client: Client, path: str, body=None, **extra):
    return client.post(path, json.dumps(body if body is not None else {}), content_type="application/json", **extra)


def apply(client: Client, body, **extra):
    return post_json(client, "/api/apply/company", body, **extra)


def confirm_link(message) -> str:
    """The path of the confirmation link in a sign-up mail (/signup/confirm/<token>)."""
    return re.search(r"http://testserver(/signup/confirm/[\w-]+)", text_of(message)).group(1)


def token_of(message) -> str:
    return confirm_link(message).rsplit("/", 1)[1]


def an_hour_later():
    """A clock just past a confirmation link's life (one hour)."""
    return time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1))
