"""Factories for session participants (issue 3)."""

import factory

from sessions_app.models import Participant, ParticipantGroup


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    group = ParticipantGroup.HOUSEHOLDS
    honorific = "Ông"
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Hộ {n}")
    title = ""
    position = factory.Sequence(lambda n: n)
