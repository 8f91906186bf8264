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
