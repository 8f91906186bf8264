import datetime

import pytest

from petitions import services

from .factories import topic


@pytest.fixture
def roads():
    return topic("ha-tang")


@pytest.fixture
def land():
    return topic("dat-dai")


@pytest.fixture
def make_petition(commune, clerk, villages, roads):
    def make(content="Đường liên thôn bị hư hỏng nặng", **kwargs):
        kwargs.setdefault("topic", roads)
        kwargs.setdefault("village", villages[0])
        kwargs.setdefault("received_on", datetime.date(2025, 10, 1))
        return services.petition_create(commune=commune, by=clerk, content=content, **kwargs)

    return make


@pytest.fixture
def routed(make_petition, clerk, unit, roads):
    """A petition classified and routed to `unit` (the officer's)."""
    p = make_petition()
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    return p


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """export(client, **filters): the .xlsx bytes of an export started as the list's button does
    (POST, the task run by the queue in immediate mode), read from its job page's download link."""
    from django.urls import reverse

    from directory.models import Job

    def run(client, **filters):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("petitions:export"), filters)
        assert response.status_code == 302, response.status_code
        page = client.get(response["Location"])
        assert page.status_code == 200
        job = page.context["job"]
        assert (job.kind, job.status, page.context["has_file"]) == ("petitions.export", Job.Status.DONE, True)
        download = client.get(reverse("directory:job_file", args=[job.pk]))
        assert download.status_code == 200
        return b"".join(download.streaming_content)

    return run
