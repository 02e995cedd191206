"""The qualification boxes on the apply form read as the candidate's own statement, not as required fields:
"Check what applies to you", each box "I have: Python (required for this job)"."""

import pytest

pytestmark = pytest.mark.django_db


def test_qualification_boxes_read_as_a_self_declaration(client, create_job):
    job = create_job(publish=True)
    page = client.get(f"/jobs/{job['id']}/apply").content.decode()
    assert "<legend>Check what applies to you" in page
    assert "You can apply either way." in page
    assert "I have: Python (required for this job)" in page
    assert "I have: Go (preferred for this job)" in page
    assert "Which of these do you meet?" not in page and "Python (required)<" not in page
