"""Bulk actions on the petition list and the approvals page: each petition through its own door."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from directory.models import Job
from petitions import bulk, services
from petitions.models import Answer, AnswerTemplate, Petition, PetitionTransition, Status

BULK = reverse("petitions:bulk")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def received(make_petition):
    return [make_petition(content=f"Ý kiến số {i}") for i in range(3)]


def _classify(p, by, roads):
    services.petition_classify(petition=p, by=by, topic=roads, kind="kien_nghi", competence="commune")


def test_classify_many_moves_the_received_and_names_the_refused(clerk_client, clerk, received, roads, land):
    _classify(received[2], clerk, roads)  # already classified: the door refuses it
    ids = [p.pk for p in received]
    response = clerk_client.post(
        BULK,
        {"action": "phan-loai", "chon": ids, "topic": land.pk, "kind": "phan_anh", "competence": "commune"},
    )
    assert response.status_code == 302
    (text,) = _messages(response)
    assert text == (
        f"Phân loại: Đã xử lý 2/3; 1 không được: {received[2].code}: "
        f"Không thể chuyển ý kiến {received[2].code} từ “Đã phân loại” sang “Đã phân loại”."
    )
    rows = {p.pk: p for p in Petition.objects.filter(pk__in=ids)}
    assert [rows[p.pk].status for p in received] == [Status.CLASSIFIED] * 3
    assert [rows[p.pk].topic_id for p in received] == [land.pk, land.pk, roads.pk]  # the refused one unchanged
    assert rows[received[2].pk].kind == "kien_nghi"
    assert PetitionTransition.objects.filter(petition_id__in=ids, to_status=Status.CLASSIFIED).count() == 3


def test_route_many_to_a_unit_with_a_deadline(clerk_client, clerk, received, roads, unit):
    for p in received[:2]:
        _classify(p, clerk, roads)
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    response = clerk_client.post(
        BULK,
        {
            "action": "giao",
            "chon": [p.pk for p in received],
            "unit": unit.pk,
            "deadline": deadline.strftime("%d/%m/%Y"),
            "next": reverse("petitions:list") + "?trang_thai=classified",
        },
    )
    assert response["Location"] == reverse("petitions:list") + "?trang_thai=classified"
    (text,) = _messages(response)
    assert text.startswith(f"Giao đơn vị xử lý: Đã xử lý 2/3; 1 không được: {received[2].code}: Không thể chuyển")
    moved = Petition.objects.filter(unit=unit, deadline=deadline, status=Status.ROUTED)
    assert sorted(moved.values_list("pk", flat=True)) == sorted(p.pk for p in received[:2])
    assert Petition.objects.get(pk=received[2].pk).status == Status.RECEIVED


def test_mark_many_duplicate_of_one(clerk_client, received):
    original, *copies = received
    response = clerk_client.post(BULK, {"action": "trung", "chon": [p.pk for p in received], "other": original.code})
    (text,) = _messages(response)
    assert text == f"Đánh dấu trùng: Đã xử lý 2/3; 1 không được: {original.code}: Là chính ý kiến gốc."
    assert sorted(Petition.objects.filter(duplicate_of=original).values_list("pk", flat=True)) == sorted(
        p.pk for p in copies
    )
    assert Petition.objects.get(pk=original.pk).status == Status.RECEIVED


def test_a_missing_field_changes_nothing(clerk_client, received):
    response = clerk_client.post(BULK, {"action": "giao", "chon": [p.pk for p in received]})
    assert _messages(response) == ["Thao tác này cần: Đơn vị xử lý."]
    assert set(Petition.objects.values_list("status", flat=True)) == {Status.RECEIVED}


def test_nothing_ticked_says_so(clerk_client):
    response = clerk_client.post(BULK, {"action": "trung", "other": "KN-1"})
    assert _messages(response) == ["Chưa chọn ý kiến nào."]


def test_a_petition_of_another_commune_is_refused_and_left_alone(
    clerk_client, received, other_commune, outsider, roads
):
    theirs = services.petition_create(commune=other_commune, by=outsider, content="Của xã khác", topic=roads)
    response = clerk_client.post(
        BULK, {"action": "trung", "chon": [received[1].pk, theirs.pk], "other": received[0].code}
    )
    (text,) = _messages(response)
    assert text == f"Đánh dấu trùng: Đã xử lý 1/2; 1 không được: #{theirs.pk}: {bulk.NOT_FOUND}"
    assert Petition.objects.get(pk=theirs.pk).status == Status.RECEIVED


@pytest.fixture
def drafted(routed, officer, make_petition, clerk, roads, unit):
    """Two routed petitions of the officer's unit with a draft answer each, and one without."""
    second = make_petition(content="Đèn đường hỏng")
    _classify(second, clerk, roads)
    services.petition_route(petition=second, by=clerk, unit=unit)
    third = make_petition(content="Cống thoát nước tắc")
    _classify(third, clerk, roads)
    services.petition_route(petition=third, by=clerk, unit=unit)
    for p in (routed, second):
        services.petition_answer_draft(petition=p, by=officer, body="Đơn vị đã sửa xong.")
    return [routed, second, third]


def test_leader_approves_many_answers(client, leader, drafted):
    client.force_login(leader)
    page = client.get(reverse("petitions:approvals"))
    assert page.content.decode().count('name="chon"') == 2  # the two drafts, each with its checkbox
    response = client.post(BULK, {"action": "duyet", "chon": [p.pk for p in drafted], "next": "/kien-nghi/cho-duyet/"})
    (text,) = _messages(response)
    assert (
        text
        == f"Duyệt văn bản trả lời: Đã xử lý 2/3; 1 không được: {drafted[2].code}: Chưa có dự thảo trả lời để duyệt."
    )
    statuses = dict(Petition.objects.filter(pk__in=[p.pk for p in drafted]).values_list("pk", "status"))
    assert [statuses[p.pk] for p in drafted] == [Status.ANSWERED, Status.ANSWERED, Status.ROUTED]


def test_a_clerk_cannot_approve_in_bulk(clerk_client, drafted):
    response = clerk_client.post(BULK, {"action": "duyet", "chon": [drafted[0].pk]})
    assert _messages(response) == ["Chọn thao tác."]
    assert Petition.objects.get(pk=drafted[0].pk).status == Status.ROUTED


def test_a_unit_official_has_no_bulk_actions_on_the_list_and_cannot_approve(client, officer, drafted):
    client.force_login(officer)
    response = client.post(BULK, {"action": "duyet", "chon": [drafted[0].pk]})
    assert _messages(response) == ["Chọn thao tác."]
    assert Petition.objects.get(pk=drafted[0].pk).status == Status.ROUTED
    assert 'name="chon"' not in client.get(reverse("petitions:list")).content.decode()


def test_someone_of_another_commune_drafts_nothing_here(client, outsider, drafted):
    client.force_login(outsider)
    client.post(BULK, {"action": "soan-mau", "chon": [drafted[2].pk]})
    assert Answer.objects.filter(petition=drafted[2]).count() == 0


# --- the unit's queue -----------------------------------------------------------------------

QUEUE = reverse("petitions:queue")


@pytest.fixture
def template(commune, roads):
    return AnswerTemplate.objects.create(
        commune=commune, topic=roads, title="Đã khắc phục", body="Đơn vị đã khắc phục xong, mời ông/bà kiểm tra."
    )


def test_the_queue_offers_the_units_actions_with_a_checkbox_per_row(client, officer, drafted, template):
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    assert html.count('name="chon"') == 3
    assert 'value="soan-mau"' in html and f'value="{template.pk}"' in html
    assert 'value="chuyen-don-vi"' not in html and 'value="duyet"' not in html  # the office's, a leader's


def test_a_unit_official_drafts_many_answers_from_a_template(
    client, officer, drafted, template, make_petition, clerk, land, unit
):
    other_topic = make_petition(content="Tranh chấp đất", topic=land)
    _classify(other_topic, clerk, land)
    services.petition_route(petition=other_topic, by=clerk, unit=unit)
    client.force_login(officer)
    ids = [p.pk for p in drafted] + [other_topic.pk]
    response = client.post(BULK, {"action": "soan-mau", "chon": ids, "template": template.pk, "next": QUEUE})
    assert response["Location"] == QUEUE
    (text,) = _messages(response)
    assert text == (
        f"Soạn trả lời theo mẫu (gửi lãnh đạo duyệt): Đã xử lý 1/4; 3 không được: "
        f"{drafted[0].code}: Đã có dự thảo trả lời; sửa dự thảo trên trang của ý kiến; "
        f"{drafted[1].code}: Đã có dự thảo trả lời; sửa dự thảo trên trang của ý kiến; "
        f"{other_topic.code}: Mẫu “Đã khắc phục” thuộc lĩnh vực {template.topic}, ý kiến thuộc {land}."
    )
    (answer,) = Answer.objects.filter(petition=drafted[2])
    assert (answer.body, answer.drafted_by, answer.approved_at) == (template.body, officer, None)
    # The drafts the unit wrote stay as they were; the refused one has none.
    assert (
        list(Answer.objects.filter(petition__in=drafted[:2]).values_list("body", flat=True))
        == ["Đơn vị đã sửa xong."] * 2
    )
    assert not Answer.objects.filter(petition=other_topic).exists()
    # It now waits for a leader: on the approvals list.
    assert drafted[2] in Petition.objects.awaiting_approval()


def test_an_official_cannot_draft_for_another_units_petition(client, other_officer, drafted, template):
    client.force_login(other_officer)
    response = client.post(BULK, {"action": "soan-mau", "chon": [drafted[2].pk], "template": template.pk})
    (text,) = _messages(response)
    assert text.startswith("Soạn trả lời theo mẫu (gửi lãnh đạo duyệt): Đã xử lý 0/1; 1 không được: ")
    assert not Answer.objects.filter(petition=drafted[2]).exists()


def test_the_office_moves_many_to_another_unit_with_a_reason(clerk_client, drafted, other_unit, received):
    before = {p.pk: p.deadline for p in drafted}
    ids = [p.pk for p in drafted] + [received[0].pk]
    missing = clerk_client.post(BULK, {"action": "chuyen-don-vi", "chon": ids, "unit": other_unit.pk})
    assert _messages(missing) == ["Thao tác này cần: Ghi chú."]
    assert not Petition.objects.filter(unit=other_unit).exists()
    response = clerk_client.post(
        BULK, {"action": "chuyen-don-vi", "chon": ids, "unit": other_unit.pk, "reason": "Đúng chức năng phòng này"}
    )
    text = _messages(response)[-1]  # the first refusal's message is still stored
    assert text == (
        f"Chuyển đơn vị xử lý khác: Đã xử lý 3/4; 1 không được: "
        f"{received[0].code}: Chỉ chuyển đơn vị cho ý kiến đang được giao xử lý."
    )
    moved = Petition.objects.filter(unit=other_unit, status=Status.ROUTED)
    assert sorted(moved.values_list("pk", flat=True)) == sorted(before)
    assert {p.pk: p.deadline for p in moved} == before  # the deadline towards the citizen stays
    notes = PetitionTransition.objects.filter(petition_id__in=before, note__endswith="Đúng chức năng phòng này")
    assert notes.count() == 3


def test_a_leader_approves_from_the_queue(client, leader, drafted):
    client.force_login(leader)
    html = client.get(QUEUE).content.decode()
    assert 'value="duyet"' in html and 'value="soan-mau"' not in html
    response = client.post(BULK, {"action": "duyet", "chon": [drafted[0].pk], "next": QUEUE})
    assert _messages(response) == ["Duyệt văn bản trả lời: Đã xử lý 1/1."]
    assert Petition.objects.get(pk=drafted[0].pk).status == Status.ANSWERED


def test_a_large_queue_selection_runs_as_a_job(
    client, officer, drafted, template, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "INLINE_MAX", 2)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BULK, {"action": "soan-mau", "chon": [p.pk for p in drafted], "template": template.pk, "next": QUEUE}
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("directory:job", args=[job.pk])
    assert (job.status, job.owner, job.done, job.total, job.back_url) == (Job.Status.DONE, officer, 3, 3, QUEUE)
    assert job.message.startswith("Đã xử lý 1/3; 2 không được: ")
    assert Answer.objects.get(petition=drafted[2]).body == template.body


def test_the_list_has_a_checkbox_per_row_and_select_all(clerk_client, received):
    html = clerk_client.get(reverse("petitions:list")).content.decode()
    assert html.count('name="chon"') == 3
    assert 'aria-label="Chọn tất cả trên trang này"' in html
    assert 'form="bulk-form"' in html


def test_a_large_selection_runs_as_a_job_with_its_progress_page(
    clerk_client, clerk, received, land, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(bulk, "INLINE_MAX", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            BULK,
            {
                "action": "phan-loai",
                "chon": [p.pk for p in received] + [999999],
                "topic": land.pk,
                "kind": "kien_nghi",
                "competence": "commune",
            },
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("directory:job", args=[job.pk])
    assert (job.status, job.kind, job.owner, job.done, job.total) == (Job.Status.DONE, "petitions.bulk", clerk, 4, 4)
    assert job.message == f"Đã xử lý 3/4; 1 không được: #999999: {bulk.NOT_FOUND}"
    assert set(Petition.objects.values_list("status", flat=True)) == {Status.CLASSIFIED}
    page = clerk_client.get(job.get_absolute_url())
    assert "Đã xử lý 3/4" in page.content.decode()
    state = clerk_client.get(job.get_absolute_url() + "?json=1").json()
    assert (state["status"], state["percent"], state["can_retry"]) == ("done", 100, False)


def test_a_job_resumed_after_a_killed_worker_skips_what_it_did(
    clerk, received, land, django_capture_on_commit_callbacks
):
    """The worker died after the first petition: the retry does the other two, not the first again."""
    from petitions.tasks import petitions_bulk_task

    ids = [p.pk for p in received]
    params = {"topic": land.pk, "kind": "kien_nghi", "competence": "commune"}
    first = bulk.petitions_bulk_apply(by=clerk, action="phan-loai", ids=ids[:1], params=params)
    job = Job.objects.create(
        owner=clerk,
        kind="petitions.bulk",
        label="Phân loại",
        task="petitions.tasks.petitions_bulk_task",
        params={"action": "phan-loai", "ids": ids, "params": params},
        status=Job.Status.RUNNING,
        result=first,
        total=3,
        done=1,
    )
    assert petitions_bulk_task.call_local(job.pk) is None  # still fresh: another worker may be on it
    Job.objects.filter(pk=job.pk).update(touched_at=job.created_at - datetime.timedelta(hours=1))
    assert petitions_bulk_task.call_local(job.pk) == Job.Status.DONE
    job.refresh_from_db()
    assert job.message == "Đã xử lý 3/3."
    assert (job.attempts, job.result["done"]) == (1, ids)
    # Each petition classified once: the first was not moved again (it would be refused if it were).
    assert PetitionTransition.objects.filter(petition_id__in=ids, to_status=Status.CLASSIFIED).count() == 3


def test_another_users_job_answers_404(client, leader, clerk):
    job = Job.objects.create(owner=clerk, kind="x", label="Việc", task="x.y")
    client.force_login(leader)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("directory:job_retry", args=[job.pk])).status_code == 404
