"""Letters to the citizen: numbered once, frozen, in the official layout."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dialogue.http import NotPermitted
from petitions import services
from petitions.letters import citizen_letter_issue, letter_kinds_allowed
from petitions.models import CitizenLetter
from petitions.services import PetitionError

pytestmark = pytest.mark.django_db


def text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf))).pages)


@pytest.fixture
def answered(routed, clerk, leader, state_issuer):
    services.petition_answer_draft(petition=routed, by=clerk, body="Đường sẽ được sửa trong quý I năm 2026.")
    services.petition_answer_approve(petition=routed, by=leader)
    routed.refresh_from_db()
    return routed


def test_answer_letter_is_numbered_through_the_numbering_service_and_frozen(answered, clerk, leader, state_issuer):
    letter = citizen_letter_issue(petition=answered, kind="answer", by=clerk)
    assert (letter.number, letter.symbol) == (1, "01/CV-UBND")
    body = text(letter.pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert "Số: 01/CV-UBND" in body
    assert "Đường sẽ được sửa trong quý I năm 2026." in body
    assert answered.code in body
    # Reprinting returns the same letter; a later answer does not change what was issued.
    answered.answers.update(body="Một nội dung khác")
    again = citizen_letter_issue(petition=answered, kind="answer", by=clerk)
    assert (again.pk, bytes(again.pdf)) == (letter.pk, bytes(letter.pdf))
    assert CitizenLetter.objects.count() == 1


def test_a_letter_the_state_does_not_allow_is_refused(routed, clerk, state_issuer):
    assert letter_kinds_allowed(routed) == []
    with pytest.raises(PetitionError):
        citizen_letter_issue(petition=routed, kind="answer", by=clerk)
    assert CitizenLetter.objects.count() == 0


def test_transfer_notice_and_guidance_letter(make_petition, clerk, state_issuer):
    p = make_petition("Tranh chấp đất với hộ bên cạnh", competence="transfer")
    services.petition_transfer(petition=p, by=clerk, to_body="Tòa án nhân dân khu vực 2")
    p.refresh_from_db()
    assert letter_kinds_allowed(p) == ["transfer", "guidance"]
    transfer = citizen_letter_issue(petition=p, kind="transfer", by=clerk)
    guidance = citizen_letter_issue(petition=p, kind="guidance", by=clerk)
    assert transfer.symbol == "01/TB-UBND"
    assert guidance.symbol == "01/CV-UBND"
    assert "THÔNG BÁO" in text(transfer.pdf)
    assert "Tòa án nhân dân khu vực 2" in text(transfer.pdf)
    assert "Tòa án nhân dân khu vực 2" in text(guidance.pdf)


def test_only_the_office_issues_letters(answered, officer, leader):
    for user in (officer, leader):
        with pytest.raises(NotPermitted):
            citizen_letter_issue(petition=answered, kind="answer", by=user)


def test_letter_pages_issue_print_and_batch(client, clerk, answered):
    client.force_login(clerk)
    url = reverse("petitions:letter", args=[answered.pk, "answer"])
    assert client.get(url).status_code == 404  # not issued yet
    assert client.post(url).status_code == 302
    letter = CitizenLetter.objects.get()
    response = client.get(url)
    assert (response.status_code, response.content) == (200, bytes(letter.pdf))
    detail = client.get(answered.get_absolute_url()).content.decode()
    assert f"số {letter.symbol}" in detail


def test_batch_of_one_session(client, clerk, commune, state_issuer, villages, make_petition):
    from tests.factories import PlanFactory, SessionFactory

    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[:1])
    client.force_login(clerk)
    url = reverse("petitions:session_letters", args=[session.pk])
    assert client.get(url).status_code == 302  # nothing issued yet: back with a message
    for content in ("Tranh chấp ranh giới đất", "Khiếu nại quyết định của huyện"):
        p = make_petition(content, competence="transfer", session=session)
        citizen_letter_issue(petition=p, kind="guidance", by=clerk)
    batch = client.get(url)
    assert batch.status_code == 200
    body = text(batch.content)
    assert ("01/CV-UBND" in body, "02/CV-UBND" in body) == (True, True)
    assert len(PdfReader(io.BytesIO(batch.content)).pages) >= 2


def test_anonymising_drops_the_frozen_letter_and_reprints_it_without_the_citizen(
    client, clerk, commune, make_petition, state_issuer
):
    from django.test import TestCase

    from office.personal_data import person_anonymise

    p = make_petition(
        "Tranh chấp đất với hộ bên cạnh",
        competence="transfer",
        citizen_name="Đỗ Thị Riêng Tư",
        citizen_address="Số 9 thôn Kín",
    )
    letter = citizen_letter_issue(petition=p, kind="guidance", by=clerk)
    assert "Đỗ Thị Riêng Tư" in text(letter.pdf)
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_anonymise(commune=commune, user=clerk, petition_ids=[p.pk], participant_ids=[], data_request=None)
    letter.refresh_from_db()
    assert (letter.number, bytes(letter.pdf)) == (1, b"")
    client.force_login(clerk)
    reprint = text(client.get(reverse("petitions:letter", args=[p.pk, "guidance"])).content)
    assert "01/CV-UBND" in reprint
    assert "Đỗ Thị Riêng Tư" not in reprint and "Số 9 thôn Kín" not in reprint


def test_letters_in_word_say_what_their_frozen_pdf_says(answered, make_petition, clerk, client):
    from petitions.letters import render_letters, session_letters
    from tests.document_text import docx_document, docx_text, pdf_text

    letter = citizen_letter_issue(petition=answered, kind="answer", by=clerk)
    name, data = render_letters([letter], filename="x", fmt="docx")
    assert name == "x.docx"
    assert docx_text(data) == pdf_text(bytes(letter.pdf))
    client.force_login(clerk)
    response = client.get(reverse("petitions:letter_docx", args=[answered.pk, "answer"]))
    assert response.status_code == 200 and docx_text(response.content) == docx_text(data)
    if answered.session_id:
        letters = list(session_letters(answered.session))
        _, pdf = render_letters(letters, filename="all")
        _, both = render_letters(letters, filename="all", fmt="docx")
        assert docx_text(both) == pdf_text(pdf)
        assert len(docx_document(both).sections) == len(letters)


def test_a_correction_after_issue_never_rewrites_the_letter_in_either_format(
    client, clerk, commune, state_issuer, villages, make_petition
):
    from tests.document_text import docx_text
    from tests.factories import PlanFactory, SessionFactory

    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[:1])
    p = make_petition(
        "Xin hướng dẫn nơi nộp đơn",
        competence="transfer",
        session=session,
        citizen_name="Lê Văn Cũ",
        citizen_address="Số 1 thôn Đông",
    )
    letter = citizen_letter_issue(petition=p, kind="guidance", by=clerk)
    assert letter.addressee == "Lê Văn Cũ, Số 1 thôn Đông"
    # The petition is corrected afterwards (queryset update: the correction door is tested elsewhere).
    type(p).objects.filter(pk=p.pk).update(citizen_name="Lê Văn Mới", citizen_address="Số 2 thôn Tây")
    client.force_login(clerk)
    word = docx_text(client.get(reverse("petitions:letter_docx", args=[p.pk, "guidance"])).content)
    assert "Kính gửi: Lê Văn Cũ, Số 1 thôn Đông." in word
    assert "Lê Văn Mới" not in word
    for name in ("petitions:session_letters", "petitions:session_letters_docx"):
        body = client.get(reverse(name, args=[session.pk])).content
        batch = docx_text(body) if name.endswith("docx") else text(body)
        assert "Lê Văn Cũ" in batch and "Lê Văn Mới" not in batch
