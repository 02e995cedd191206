"""A form posted with a Content-Type charset that is no text encoding gets a 400 on every page, never a 500;
a text charset other than UTF-8 is still read."""

import pytest
from django.test import Client

BINARY_CODECS = ["rot13", "base64", "zlib", "hex"]


def post_form(path: str, charset: str):
    body = '--b\r\nContent-Disposition: form-data; name="username"\r\n\r\na@x.example\r\n--b--\r\n'
    # generic(): the test client's post() would itself decode the body with the named charset.
    content_type = f"multipart/form-data; boundary=b; charset={charset}"
    return Client().generic("POST", path, body.encode(), content_type=content_type)


@pytest.mark.parametrize("charset", BINARY_CODECS)
@pytest.mark.parametrize("path", ["/dashboard/login/", "/admin/login/", "/"])
def test_a_form_posted_in_a_binary_codec_is_a_400(db, path, charset):
    assert post_form(path, charset).status_code == 400


def test_a_form_posted_in_latin_1_is_read_by_the_login_page(db):
    response = post_form("/dashboard/login/", "latin-1")
    assert response.status_code == 200
    assert 'value="a@x.example"' in response.content.decode()  # the email it read, kept in the form
