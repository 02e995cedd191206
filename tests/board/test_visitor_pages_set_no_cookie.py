"""A visitor's page carries no CSRF token (only signed-in staff send htmx writes), so the public board sets no
cookie and a shared cache may keep it; a signed-in staff member's pages carry the token htmx sends."""

from django.test import Client


def test_a_visitor_reading_the_board_gets_no_csrf_cookie_while_signed_in_staff_pages_carry_the_htmx_token(staff):
    visitor = Client().get("/")
    assert "csrftoken" not in visitor.cookies and "X-CSRFToken" not in visitor.content.decode()
    assert "X-CSRFToken" in staff.get("/dashboard/").content.decode()
