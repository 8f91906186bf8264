# The report tests build on the held sessions and notices of the conclusions tests.
from tests.conclusions.conftest import notice, party_session, session  # noqa: F401
