import datetime

import factory

from petitions.models import Petition, Topic
from petitions.services import petition_code_take


def seed_reference_data():
    """Re-run the data migration's seed (idempotent): a transactional test flushes the tables."""
    from importlib import import_module

    from django.apps import apps

    import_module("petitions.migrations.0002_seed_topics_and_rules").seed(apps, None)


def topic(code="ha-tang"):
    seed_reference_data()
    return Topic.objects.get(commune__isnull=True, code=code)


class PetitionFactory(factory.django.DjangoModelFactory):
    """A petition saved straight (no service); use services in tests of behaviour."""

    class Meta:
        model = Petition

    commune = None
    topic = factory.LazyFunction(topic)
    content = factory.Sequence(lambda n: f"Ý kiến số {n} về việc sửa đường")
    received_on = datetime.date(2025, 10, 1)
    code = factory.LazyAttribute(lambda o: petition_code_take(commune=o.commune, on_date=o.received_on))
