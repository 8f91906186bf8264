"""What petitions tell the floors above, without knowing them (notifications listen).

Sent inside the transaction of the move, so that whatever a listener writes stands or falls
with the move itself.
"""

from django.dispatch import Signal

#: A petition moved: kwargs petition, from_status, to_status, by, note.
petition_moved = Signal()
#: A unit wrote or rewrote the draft answer of the current round: kwargs petition, answer, by.
answer_drafted = Signal()
