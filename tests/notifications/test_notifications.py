"""Notifications: who is told of what, the bell and its page, choices, and e-mail to a real SMTP server."""

import email
import email.policy

import pytest
from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.services import notice_change_status
from notifications.enums import EmailStatus, Kind
from notifications.models import Notification
from notifications.services import TemporaryMailError, notification_email_send, notify, settings_save
from petitions import services as petitions
from tests.conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from tests.factories import UserFactory, member
from tests.petitions.factories import topic

from .conftest import free_port


@pytest.fixture
def people(commune, other_commune, clerk, leader, officer, other_officer, unit, other_unit):
    """Everyone with an e-mail address; a leader of another commune who must never be told."""
    for user, address in ((clerk, "vanthu@xa.vn"), (leader, "chutich@xa.vn"), (officer, "kinhte@xa.vn")):
        user.email = address
        user.save()
    other_officer.email = "vanhoa@xa.vn"
    other_officer.save()
    from directory.models import Membership

    stranger = member(UserFactory(username="far", email="far@xa.vn"), other_commune, Membership.Role.LEADER)
    return {"stranger": stranger}


@pytest.fixture
def petition(commune, clerk):
    roads = topic("ha-tang")
    p = petitions.petition_create(commune=commune, by=clerk, content="Đường thôn 1 hỏng nặng", topic=roads)
    petitions.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    return p


def kinds_of(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_routing_tells_the_unit_once_and_rerouting_tells_the_new_unit(
    people, petition, clerk, leader, officer, other_officer, unit, other_unit
):
    petitions.petition_route(petition=petition, by=clerk, unit=unit)
    n = Notification.objects.get(user=officer)
    assert n.kind == Kind.PETITION_ROUTED and f"Ý kiến {petition.code} được giao cho Phòng Kinh tế" == n.title
    assert n.url == reverse("petitions:detail", args=[petition.pk]) and "hạn trả lời" in n.body
    assert kinds_of(other_officer) == kinds_of(leader) == kinds_of(clerk) == kinds_of(people["stranger"]) == []

    petitions.petition_reroute(petition=petition, by=clerk, unit=other_unit, reason="Đúng chức năng")
    assert kinds_of(other_officer) == [Kind.PETITION_ROUTED]
    assert Notification.objects.get(user=other_officer).title.endswith("được chuyển cho Phòng Văn hóa - Xã hội")
    assert kinds_of(officer) == [Kind.PETITION_ROUTED]  # told of the first move only


def test_the_same_event_told_again_reaches_nobody_twice(people, officer):
    for _ in range(2):
        notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Một việc", key="event:1")
    assert Notification.objects.filter(user=officer).count() == 1


def test_a_draft_answer_waits_for_the_leaders_and_a_reopened_petition_returns_to_the_unit(
    people, petition, clerk, leader, officer, admin_role
):
    petitions.petition_route(petition=petition, by=clerk, unit=officer.memberships.get().unit)
    petitions.petition_answer_draft(petition=petition, by=officer, body="Xã sẽ sửa đường trong tháng 12.")
    assert kinds_of(leader) == kinds_of(admin_role) == [Kind.APPROVAL_WAITING]
    assert Notification.objects.get(user=leader).url == reverse("petitions:approvals")
    assert kinds_of(people["stranger"]) == []
    petitions.petition_answer_approve(petition=petition, by=leader)
    petitions.petition_react(petition=petition, by=clerk, satisfied=False, reason="Chưa sửa")
    assert kinds_of(officer) == [Kind.RETURNED, Kind.PETITION_ROUTED]


def test_a_notice_waiting_returned_and_issued_tells_leaders_drafter_and_assigned_units(
    people, commune, state_issuer, villages, clerk, leader, officer, other_officer, unit
):
    session = held_session(commune, state_issuer, villages, signer_title="CHỦ TỊCH")
    notice = NoticeFactory(session=session, created_by=clerk)
    AssignmentFactory(notice=notice, unit=unit)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    assert kinds_of(leader) == [Kind.APPROVAL_WAITING]
    notice_change_status(obj=notice, to=NoticeStatus.DRAFT, by=leader, note="Bổ sung kết quả")
    returned = Notification.objects.get(user=clerk)
    assert (returned.kind, returned.body) == (Kind.RETURNED, "Bổ sung kết quả")
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    assert kinds_of(leader) == [Kind.APPROVAL_WAITING, Kind.APPROVAL_WAITING]  # a second submission
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    told = Notification.objects.get(user=officer)
    assert told.kind == Kind.ASSIGNMENT_ISSUED and told.title.startswith(f"Thông báo số {notice.symbol}")
    assert told.url == reverse("conclusions:notice_detail", args=[notice.pk])
    assert kinds_of(other_officer) == [] and kinds_of(people["stranger"]) == []


def test_the_mail_reaches_a_real_smtp_server_in_vietnamese_with_its_link(
    people, petition, clerk, officer, unit, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_route(petition=petition, by=clerk, unit=unit)
    n = Notification.objects.get(user=officer)
    assert (n.email_status, n.email_attempts) == (EmailStatus.SENT, 1)
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["kinhte@xa.vn"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"].strip() == f"[Đối thoại với Nhân dân] Ý kiến {petition.code} được giao cho Phòng Kinh tế"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"http://dialogue.test/kien-nghi/{petition.pk}/"
    assert "Đường thôn 1 hỏng nặng" in text and f"Xem chi tiết: {link}" in text
    assert f'<a href="{link}">Xem chi tiết</a>' in html
    # Sent once: the task run again finds nothing to do.
    assert notification_email_send(n.pk) == EmailStatus.SENT
    assert len(smtp_server.messages) == 1


def test_mail_with_the_server_down_stays_pending_and_goes_once_it_is_up(people, officer, smtp_server, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    (n,) = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc mới", key="k:1")
    with pytest.raises(TemporaryMailError):
        notification_email_send(n.pk)
    n.refresh_from_db()
    assert n.email_status == EmailStatus.PENDING and n.email_error.startswith("Chưa gửi được (sẽ thử lại)")
    settings.EMAIL_PORT = smtp_server.port
    assert notification_email_send(n.pk) == EmailStatus.SENT
    assert notification_email_send(n.pk) == EmailStatus.SENT
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize(
    ("address", "reason"),
    [("", "Người dùng chưa có địa chỉ thư điện tử."), ("khong-phai-dia-chi", "Địa chỉ thư điện tử không hợp lệ")],
)
def test_a_user_without_a_valid_address_is_told_in_the_app_and_the_mail_fails_with_the_reason(
    people, officer, smtp_server, address, reason
):
    officer.email = address
    officer.save()
    (n,) = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc mới", key="k:2")
    assert notification_email_send(n.pk) == EmailStatus.FAILED
    n.refresh_from_db()
    assert n.email_error.startswith(reason) and smtp_server.messages == []


def test_a_task_whose_notification_was_deleted_meanwhile_does_nothing(people, officer):
    (n,) = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc mới", key="k:3")
    Notification.objects.filter(pk=n.pk).delete()
    assert notification_email_send(n.pk) is None


def test_choices_in_the_app_only_and_pause(people, officer, leader, smtp_server, django_capture_on_commit_callbacks):
    settings_save(user=officer, email_kinds=[Kind.APPROVAL_WAITING], email_paused=False)
    settings_save(user=leader, email_kinds=list(Kind.values), email_paused=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[officer, leader], kind=Kind.PETITION_ROUTED, title="Việc mới", key="k:4")
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.NONE}
    assert smtp_server.messages == []


def test_the_bell_counts_unread_and_the_page_shows_only_mine(client, people, officer, other_officer):
    mine = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc của tôi", key="k:5", url="/kien-nghi/")
    notify(users=[other_officer], kind=Kind.PETITION_ROUTED, title="Việc của đơn vị khác", key="k:5")
    client.force_login(officer)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'id="nav-bell-count"' in page and ">1</span>" in page
    assert "Việc của tôi" in page and "Việc của đơn vị khác" not in page
    response = client.post(reverse("notifications:open", args=[mine[0].pk]))
    assert response.url == "/kien-nghi/"
    assert 'id="nav-bell-count"' not in client.get(reverse("notifications:list")).content.decode()
    other = Notification.objects.get(user=other_officer)
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_and_the_unread_filter(client, people, officer):
    for i in range(3):
        notify(users=[officer], kind=Kind.PETITION_ROUTED, title=f"Việc {i}", key=f"k:6:{i}")
    client.force_login(officer)
    assert client.get(reverse("notifications:list"), {"chua_doc": 1}).context["page"].paginator.count == 3
    client.post(reverse("notifications:read_all"))
    assert client.get(reverse("notifications:list"), {"chua_doc": 1}).context["page"].paginator.count == 0


def test_the_settings_page_saves_choices_and_refuses_an_unknown_kind(client, people, officer):
    client.force_login(officer)
    url = reverse("notifications:settings")
    client.post(url, {"email_kinds": [Kind.RETURNED], "email_paused": "on"})
    initial = client.get(url).context["form"].initial
    assert (initial["email_kinds"], initial["email_paused"]) == ([Kind.RETURNED], True)
    response = client.post(url, {"email_kinds": ["khong-co"]})
    assert "Lựa chọn không hợp lệ; chưa lưu gì." in response.content.decode()
    assert client.get(url).context["form"].initial["email_kinds"] == [Kind.RETURNED]
