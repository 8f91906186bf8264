"""Factories of the conclusions tests: petitions (minimal), held sessions, notices, assignments."""

import datetime

import factory

from conclusions.models import Assignment, ConclusionNotice
from petitions.models import Petition, Topic
from sessions_app.enums import SessionStatus

from ..factories import PlanFactory, SessionFactory, aware


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("commune", "code")

    commune = None
    code = "thu-dat-dai"
    name = "Đất đai"


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    commune = factory.LazyAttribute(lambda o: o.session.plan.commune if o.session else None)
    session = None
    code = factory.Sequence(lambda n: f"KN-TEST-{n:05d}")
    received_on = datetime.date(2025, 11, 20)
    topic = factory.SubFactory(TopicFactory)
    content = factory.Sequence(lambda n: f"Kiến nghị số {n} về đường giao thông nông thôn")


def held_session(commune, issuer, villages, *, starts_at=None, **plan_fields):
    """A session of a plan of ISSUER, marked held (status set directly: its moves are tested in sessions_app)."""
    plan = PlanFactory(commune=commune, issuer=issuer, **plan_fields)
    session = SessionFactory(
        plan=plan,
        villages=villages,
        quarter=None,
        starts_at=starts_at or aware(2025, 11, 20, 8, 0),
        venue="Hội trường UBND xã Lộc Thành",
        title="Hội nghị đối thoại trực tiếp với Nhân dân năm 2025",
    )
    session.status = SessionStatus.HELD
    session.save(update_fields=["status"])
    return session


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConclusionNotice

    session = None
    issuer = factory.LazyAttribute(lambda o: o.session.plan.issuer)
    place = "Lộc Thành"
    subject = "Kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại trực tiếp với Nhân dân năm 2025"
    facts = "Vào 08 giờ 00, ngày 20/11/2025, tại Hội trường UBND xã Lộc Thành."
    conclusions = "Giao các đơn vị khẩn trương giải quyết các kiến nghị của Nhân dân."
    signer_title = "CHỦ TỊCH"
    recipients = "Thường trực Đảng ủy xã (b/c)\nLưu: VT"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    notice = None
    unit = None
    task = "Kiểm tra, sửa chữa tuyến đường liên ấp 2 – ấp 3."
    deadline = datetime.date(2025, 12, 31)
