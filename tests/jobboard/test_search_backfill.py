"""The board-search migrations give postings that already exist their search documents."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobs.models import Job
from offers.models import Offer

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_existing_jobs_and_offers_become_searchable_when_the_migrations_run(create_job, owner_company, locations):
    from offers.actors import GOD
    from offers.api.writes import offer_create
    from tests.helpers import offer_body

    job = create_job(title="Lighthouse Keeper", publish=True)
    body = offer_body(description="<p>Tend the <b>foghorn</b>.</p>")
    body.pop("publishDate")
    offer = offer_create(actor=GOD, body={**body, "owner": owner_company.pk})
    Job.objects.update(search_vector=None)
    Offer.objects.update(board_vector=None)
    try:
        migrate([("jobs", "0003_company_budget"), ("offers", "0002_search_index")])
        migrate([("jobs", "0004_board_search"), ("offers", "0004_board_vector")])
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Job.objects.filter(pk=job["id"], search_vector="lighthouse").exists()
    assert Job.objects.filter(pk=job["id"], search_vector="austin").exists()
    assert Offer.objects.filter(pk=offer.pk, board_vector="foghorn").exists()
    assert Offer.objects.filter(pk=offer.pk, board_vector="porto").exists()
