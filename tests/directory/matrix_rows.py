"""Permission-matrix rows of the personal-data pages (merged into tests/test_permission_matrix.py).

Reached from a request in the register: office staff (either side) of the request's commune only; anybody
else gets 404. The matrix's request asks to *see* data, so anonymising it is refused (302 with
a message); an export without a name or phone goes back to the search page (302).
"""

from tests.matrix import OFFICES


def rows(row, in_commune, only, signed_in):
    def request_pk(o):
        return [o.data_request.pk]

    return {
        "office:person_data": row(request_pk, get=only(OFFICES, 200)),
        "office:person_data_export": row(request_pk, get=only(OFFICES, 302)),
        "office:person_data_anonymise": row(
            request_pk, get=signed_in(405), post=only(OFFICES, 302), data={"ten": "Trần Thị Bưởi"}
        ),
    }
