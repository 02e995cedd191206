"""robots.txt: crawlers may read the public site, not the dashboard, the admin or the APIs, and find the sitemap."""

from django.test import Client


def test_robots_txt_allows_the_public_site_and_disallows_private_areas():
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = [line.strip() for line in response.content.decode().splitlines() if line.strip()]
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /dashboard/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_names_the_sitemap_with_the_requests_scheme_and_host(settings):
    settings.ALLOWED_HOSTS = ["jobs.example"]
    response = Client().get("/robots.txt", secure=True, headers={"host": "jobs.example"})
    assert "Sitemap: https://jobs.example/sitemap.xml" in response.content.decode().splitlines()


def test_robots_txt_answers_get_only():
    assert Client().post("/robots.txt").status_code == 405
