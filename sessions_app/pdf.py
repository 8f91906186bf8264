"""Printed documents of plans."""

from dialogue.pdf import letterhead, render_pdf


def render_plan(plan):
    """The plan (Kế hoạch) in its issuer's official layout -> (filename, bytes)."""
    head = letterhead(
        issuer=plan.issuer,
        doc_type=plan.DOC_TYPE,
        number=plan.number,
        place=plan.place,
        issued_on=plan.issued_on,
        type_name="KẾ HOẠCH",
        subject=plan.title,
        signing_authority=plan.signing_authority,
        signer_title=plan.signer_title,
        signer_name=plan.signer.full_name if plan.signer else "",
        recipients=[(r.name, r.for_report) for r in plan.recipients.all()],
    )
    context = {
        "head": head,
        "plan": plan,
        "bases": [b.legal_basis.citation for b in plan.plan_legal_bases.select_related("legal_basis")],
        "duties": list(plan.duties.select_related("unit")),
        "sessions": list(plan.sessions.prefetch_related("villages")),
    }
    number = f"{plan.number:02d}" if plan.number else "du-thao"
    return render_pdf("pdf/plan.html", context, filename=f"ke-hoach-{number}-{plan.year}.pdf")
