"""Factories and named personas for the tests.

Personas (see style.md and tests/conftest.py): `clerk` (Văn phòng HĐND và UBND, the state
side), `party_clerk` (Văn phòng Đảng ủy, the party side), `leader`, `officer` (an official of
one unit), `other_officer` (of another unit), `supervisor` (MTTQ, reads only),
`province_user` (reports of the province), `outsider` (a clerk of another commune).
"""

import datetime

import factory
from django.contrib.auth import get_user_model

from directory.models import Commune, LegalBasis, Membership, Official, Province, Unit, Village
from sessions_app.enums import PlanKind
from sessions_app.models import Plan, Session


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("name",)

    name = "Lâm Đồng"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Xã Thử {n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    commune = factory.SubFactory(CommuneFactory)
    kind = "Ấp"
    name = factory.Sequence(lambda n: str(n + 1))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    commune = factory.SubFactory(CommuneFactory)
    kind = Unit.Kind.STATE_OFFICE
    name = factory.Sequence(lambda n: f"Phòng số {n}")


class StateIssuerFactory(UnitFactory):
    kind = Unit.Kind.PEOPLES_COMMITTEE
    name = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.commune.full_name.lower()}")
    symbol_code = "UBND"
    header_name = factory.LazyAttribute(lambda o: f"ỦY BAN NHÂN DÂN {o.commune.full_name.upper()}")


class PartyIssuerFactory(UnitFactory):
    kind = Unit.Kind.PARTY_COMMITTEE
    name = factory.LazyAttribute(lambda o: f"Đảng ủy {o.commune.full_name.lower()}")
    symbol_code = "ĐU"
    header_name = factory.LazyAttribute(lambda o: f"ĐẢNG ỦY {o.commune.full_name.upper()}")
    term_label = "2025-2030"


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    commune = factory.SubFactory(CommuneFactory)
    honorific = Official.Honorific.ONG
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Công chức"


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis

    short_name = factory.Sequence(lambda n: f"Văn bản {n}")
    citation = factory.LazyAttribute(lambda o: f"Căn cứ {o.short_name}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người dùng"
    password = factory.django.Password("mat-khau-thu-123")


def member(user, commune, role=Membership.Role.STATE_OFFICE, unit=None):
    Membership.objects.create(user=user, commune=commune, role=role, unit=unit)
    return user


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    commune = factory.SubFactory(CommuneFactory)
    kind = PlanKind.STATE_CONFERENCE
    issuer = factory.LazyAttribute(lambda o: StateIssuerFactory(commune=o.commune))
    place = "Lộc Thành"
    title = "Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm 2025"
    year = 2025
    period_label = "năm 2025"
    signer_title = "CHỦ TỊCH"
    # Issued (numbered): a session is announced only from an issued plan. A draft: number=None.
    number = factory.Sequence(lambda n: n + 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    year = 2025
    quarter = 4
    venue = "Hội trường UBND xã"

    @factory.post_generation
    def villages(self, create, extracted, **kwargs):
        if not create:
            return
        villages = extracted or [VillageFactory(commune=self.plan.commune)]
        self.villages.set(villages)


def aware(year, month, day, hour=8, minute=0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))
