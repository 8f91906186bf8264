import datetime

import factory

from petitions.models import Petition, Topic
from petitions.services import petition_code_take


def topic(code="ha-tang"):
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
