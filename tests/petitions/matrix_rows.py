"""Permission-matrix rows of the petition pages (merged into tests/test_permission_matrix.py).

Office staff of either side enter, classify and assign; leaders and the MTTQ supervisor read;
unit officials read only the petitions of their unit (here `o.unit`); province users and
another commune's clerk get 404 on every petition of this commune and empty lists. The province
user, with no petition scope at all, gets 404 on the export (an empty file would read as "none");
an export's job page and file are its requester's alone (tests/directory/matrix_rows.py).
"""

from tests.matrix import APPROVERS, LEADER, OFFICER, OFFICES, OUTSIDER, PROVINCE, SUPERVISOR


def _petition(o):
    """An routed petition of `o.unit` (the officer's unit), with one attachment; made once."""
    if not hasattr(o, "petition"):
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile

        from petitions import services

        admin = get_user_model().objects.create_superuser("matrix_admin", password="x")
        from tests.petitions.factories import topic

        roads = topic("ha-tang")
        p = services.petition_create(
            commune=o.plan.commune, by=admin, content="Đường hỏng", topic=roads, village=o.village, session=o.session
        )
        services.petition_classify(petition=p, by=admin, topic=roads, kind="kien_nghi", competence="commune")
        services.petition_route(petition=p, by=admin, unit=o.unit)
        o.attachment = services.petition_attach(
            petition=p, by=admin, upload=SimpleUploadedFile("don.pdf", b"%PDF-1.4 matrix")
        )
        o.petition = p
    return o.petition


def _letter(o):
    """A petition not the commune's to handle, with its guidance letter issued; made once."""
    if not hasattr(o, "letter"):
        from django.contrib.auth import get_user_model

        from petitions import services
        from petitions.letters import citizen_letter_issue
        from tests.petitions.factories import topic

        _petition(o)  # makes the matrix's superuser, once
        admin = get_user_model().objects.get(username="matrix_admin")
        p = services.petition_create(
            commune=o.plan.commune,
            by=admin,
            content="Tranh chấp đất",
            topic=topic("dat-dai"),
            session=o.session,
            competence="transfer",
        )
        o.letter = citizen_letter_issue(petition=p, kind="guidance", by=admin)
    return o.letter


def _attachment(o):
    _petition(o)
    return o.attachment


def _reference(o):
    """A topic, an answer template, a deadline rule and a holiday of the commune; made once."""
    if not hasattr(o, "reference"):
        import datetime

        from directory.models import Holiday
        from petitions.models import AnswerTemplate, DeadlineRule, Topic

        commune = o.plan.commune
        topic = Topic.objects.create(commune=commune, code="rieng", name="Lĩnh vực riêng của xã")
        o.reference = {
            "topic": topic,
            "answer_template": AnswerTemplate.objects.create(
                commune=commune, topic=topic, title="Mẫu", body="Nội dung"
            ),
            "deadline_rule": DeadlineRule.objects.create(commune=commune, step="answer", working_days=8),
            "holiday": Holiday.objects.create(commune=commune, day=datetime.date(2025, 9, 3), name="Nghỉ của xã"),
        }
    return o.reference


def rows(row, in_commune, only, signed_in):
    office_here = {LEADER: 404, OFFICER: 404, SUPERVISOR: 404, PROVINCE: 404}
    # The office keeps its reference lists; the outsider keeps those of their own commune.
    office_lists = {}
    for name in ("petitions:topic", "petitions:answer_template", "petitions:deadline_rule", "directory:holiday"):
        key = name.split(":")[1]
        office_lists[f"{name}_list"] = row(get=only(OFFICES | {OUTSIDER}, 200))
        office_lists[f"{name}_create"] = row(get=only(OFFICES | {OUTSIDER}, 200), post=only(OFFICES | {OUTSIDER}, 200))
        office_lists[f"{name}_update"] = row(
            lambda o, key=key: [_reference(o)[key].pk], get=only(OFFICES, 200), post=only(OFFICES, 200)
        )
    return {
        **office_lists,
        # Leaders approve answers: their queue of drafts.
        "petitions:approvals": row(get=only(APPROVERS, 200)),
        "petitions:list": row(get=signed_in(200)),
        "petitions:queue": row(get=signed_in(200)),
        "petitions:repeated": row(get=signed_in(200)),
        "petitions:transfers": row(get=signed_in(200)),
        # POST starts an export (the task queue writes it) and goes to its page.
        "petitions:export": row(get=signed_in(200, **{PROVINCE: 404}), post=signed_in(302, **{PROVINCE: 404})),
        # The outsider enters petitions of their own commune: the pages open for them.
        "petitions:create": row(get=signed_in(200, **office_here), post=signed_in(200, **office_here)),
        "petitions:import": row(get=signed_in(200, **office_here), post=signed_in(200, **office_here)),
        # POST-only; a missing or bad preview token goes back to the upload with a message.
        "petitions:import_confirm": row(get=signed_in(405), post=signed_in(302, **office_here)),
        "petitions:import_template": row(get=signed_in(200, **office_here)),
        "petitions:suggest": row(get=signed_in(200, **office_here)),
        "petitions:session_intake": row(
            lambda o: [o.session.pk], get=in_commune(200, **office_here), post=in_commune(200, **office_here)
        ),
        "petitions:detail": row(lambda o: [_petition(o).pk], get=in_commune(200, **{PROVINCE: 404})),
        # The receipt slip carries the citizen's lookup code: the office that takes petitions in prints it.
        "petitions:receipt": row(lambda o: [_petition(o).pk], get=only(OFFICES, 200)),
        # Letters to the citizen carry the citizen's name and address: the office of the commune.
        "petitions:letter": row(
            lambda o: [_letter(o).petition_id, "guidance"], get=only(OFFICES, 200), post=only(OFFICES, 302)
        ),
        "petitions:letter_docx": row(lambda o: [_letter(o).petition_id, "guidance"], get=only(OFFICES, 200)),
        "petitions:session_letters_docx": row(
            lambda o: [_letter(o).petition.session_id], get=only(OFFICES, 200, **{OUTSIDER: 404})
        ),
        "petitions:session_letters": row(
            lambda o: [_letter(o).petition.session_id], get=only(OFFICES, 200, **{OUTSIDER: 404})
        ),
        "petitions:attachment": row(lambda o: [_attachment(o).pk], get=in_commune(200, **{PROVINCE: 404})),
        # POST-only; an action not allowed in the petition's state redirects with a message,
        # one the persona has no right to answers 404 (reopening is the office's).
        # Bulk actions: the office (classify, route, duplicate; the outsider in their own commune),
        # the officials of a unit (draft answers from a template) and the leaders (approve); each
        # petition is then checked on its own and refused ones are reported.
        "petitions:bulk": row(
            get=signed_in(405),
            post=signed_in(302, **{SUPERVISOR: 404, PROVINCE: 404}),
            data={"action": "duyet"},
        ),
        "petitions:action": row(
            lambda o: [_petition(o).pk, "mo-lai"],
            get=signed_in(405),
            post=in_commune(404, **{p: 302 for p in OFFICES}),
            data={"reason": "x"},
        ),
    }
