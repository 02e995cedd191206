"""The charts are drawn by the vendored uPlot from the table under them, at 360 and 1280 px: the overview's last 30
days, a job's and an offer's Performance section and the admin's platform statistics show a drawn canvas and the
table, fit the screen, and log no console error or CSP violation; a chart follows its container when the window
narrows."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from jobs.services.days import job_day_add
from offers.services.days import offer_days_add
from tests.jobboard.conftest import owner_offer

from .conftest import DESKTOP, PHONE
from .test_csp_blocks_nothing import ADMIN_PASSWORD, ADMIN_USERNAME, Watch, log_in

# How much of a chart's canvas is painted (not transparent), and whether it fits inside the window.
CANVAS_STATE = """(figure) => {
  const canvas = figure.querySelector("canvas");
  if (!canvas) return null;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  const box = canvas.getBoundingClientRect();
  return {painted, width: box.width, right: box.right, window: window.innerWidth};
}"""


@pytest.fixture
def job_id(owner_staff, create_job):
    job_id = create_job(publish=True)["id"]
    today = timezone.now().date()
    for back in range(30):
        day = today - timedelta(days=back)
        job_day_add(
            job_id=job_id,
            now=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
            views=10 + back,
            applications=back % 4,
            qualified_applications=back % 3,
            spend_cents=100 * (back % 5),
        )
    return job_id


@pytest.fixture
def offer_id(owner_company):
    offer = owner_offer(owner_company)
    today = timezone.now().date()
    offer_days_add(
        {
            (str(offer.pk), today - timedelta(days=back)): {"views": 5 + back, "apply_clicks": back % 3}
            for back in range(30)
        }
    )
    return offer.pk


def assert_chart_drawn(watch: Watch, charts: int = 1) -> dict:
    figures = watch.page.locator("figure.chart")
    expect(figures).to_have_count(charts)
    for index in range(charts):
        figure = figures.nth(index)
        expect(figure.locator("canvas")).to_be_visible()
        expect(figure.locator("table.chart-table")).to_be_visible()
        expect(figure.locator("table.chart-table tbody tr")).to_have_count(30)
        state = figure.evaluate(CANVAS_STATE)
        assert state is not None and state["painted"] > 500, f"chart {index}'s canvas is blank: {state}"
        assert 0 < state["width"] and state["right"] <= state["window"], f"chart {index} does not fit: {state}"
    overflow = watch.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"
    watch.assert_clean()
    return state


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_overview_and_a_job_page_draw_their_chart_over_the_table(web, job_id, viewport):
    watch = Watch(web.page("staff", viewport=viewport))
    log_in(watch)

    watch.visit("/dashboard/")
    assert_chart_drawn(watch)

    watch.visit(f"/dashboard/jobs/{job_id}/")
    expect(watch.page.get_by_role("heading", name="Performance")).to_be_visible()
    assert_chart_drawn(watch)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_an_offer_page_draws_its_views_and_apply_clicks_over_the_table(web, owner_staff, offer_id, viewport):
    watch = Watch(web.page("staff", viewport=viewport))
    log_in(watch)

    watch.visit(f"/dashboard/offers/{offer_id}/")

    expect(watch.page.get_by_role("heading", name="Performance")).to_be_visible()
    assert_chart_drawn(watch)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_admins_platform_statistics_draw_both_charts_over_their_tables(web, job_id, offer_id, viewport):
    get_user_model().objects.create_superuser(username=ADMIN_USERNAME, email="root@x.example", password=ADMIN_PASSWORD)
    watch = Watch(web.page("admin", viewport=viewport))
    watch.visit("/admin/login/")
    watch.page.get_by_label("Email").fill("root@x.example")
    watch.page.get_by_label("Password").fill(ADMIN_PASSWORD)
    watch.page.get_by_role("button", name="Log in").click()
    watch.page.get_by_role("link", name="Statistics").click()

    expect(watch.page.get_by_role("heading", name="Platform statistics", level=1)).to_be_visible()
    assert_chart_drawn(watch, charts=2)


def test_a_chart_follows_its_container_when_the_window_narrows(web, job_id):
    watch = Watch(web.page("staff", viewport=DESKTOP))
    log_in(watch)
    watch.visit(f"/dashboard/jobs/{job_id}/")
    wide = assert_chart_drawn(watch)

    watch.page.set_viewport_size(PHONE)
    watch.page.wait_for_function(
        "() => document.querySelector('figure.chart canvas').getBoundingClientRect().right <= window.innerWidth"
    )

    narrow = assert_chart_drawn(watch)
    assert narrow["width"] < wide["width"]
