"""Permission-matrix rows of the personal-data pages (merged into tests/test_permission_matrix.py).

Reached from a request in the register: office staff (either side) of the request's commune only; anybody
else gets 404. The matrix's request asks to *see* data, so anonymising it is refused (302 with
a message); an export without a name or phone goes back to the search page (302).
"""

from tests.matrix import CLERK, OFFICES


def _job(o):
    """A background job of the clerk persona, done, with its result file; made once."""
    if not hasattr(o, "job"):
        from django.contrib.auth import get_user_model

        from directory import jobs
        from directory.models import Job

        clerk = get_user_model().objects.get(username="clerk")
        job = Job.objects.create(
            owner=clerk, kind="test", label="Việc thử", task="x.y", commune=o.plan.commune, total=1, done=1
        )
        jobs.JOBS_DIR.mkdir(parents=True, exist_ok=True)
        path = jobs.JOBS_DIR / f"job-{job.pk}-ket-qua.txt"
        path.write_bytes(b"ok")
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, file_path=str(path), file_name="ket-qua.txt", content_type="text/plain"
        )
        o.job = job
    return o.job


def rows(row, in_commune, only, signed_in):
    def request_pk(o):
        return [o.data_request.pk]

    job_pk = lambda o: [_job(o).pk]  # noqa: E731
    return {
        # A background job is its owner's only (here the clerk's); a done one is not run again.
        "directory:job": row(job_pk, get=only({CLERK}, 200)),
        "directory:job_file": row(job_pk, get=only({CLERK}, 200)),
        "directory:job_retry": row(job_pk, get=signed_in(405), post=only({CLERK}, 302)),
        "office:person_data": row(request_pk, get=only(OFFICES, 200)),
        "office:person_data_export": row(request_pk, get=only(OFFICES, 302)),
        "office:person_data_anonymise": row(
            request_pk, get=signed_in(405), post=only(OFFICES, 302), data={"ten": "Trần Thị Bưởi"}
        ),
    }
