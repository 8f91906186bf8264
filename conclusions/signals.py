"""What conclusions tell the floors above, without knowing them (notifications listen).

Sent inside the transaction of the move, so that whatever a listener writes stands or falls
with the move itself.
"""

from django.dispatch import Signal

#: A conclusion notice moved: kwargs notice, from_status, to_status, by, note.
notice_moved = Signal()
