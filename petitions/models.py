"""Citizen petitions: what people raise at and outside sessions, and how each is carried to an answer."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from dialogue.text import fold
from directory.models import Commune, StatusTransition, Unit, Village
from directory.numbering import document_symbol

# The states and choices live in enums.py (beside the moves allowed between them); they are read from here too.
from .enums import FINAL_STATES, OPEN_STATES, UNRESOLVED_STATES, Competence, Kind, Reaction, Source, Status  # noqa: F401
from .querysets import PetitionQuerySet, PetitionScopedQuerySet

ANONYMOUS = "ẩn danh"
#: What lists, exports and searches show instead of a protected author (Petition.identity_protected).
CONFIDENTIAL = "giữ bí mật"
#: From this many people a petition is a group's ("đoàn đông người", Luật Tiếp công dân: 5 người trở lên).
GROUP_MIN_PEOPLE = 5

#: Letters of the lookup code: no 0/O, 1/I/L, so a code read aloud or copied by hand survives.
LOOKUP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: 16 letters of a 31-letter alphabet: log2(31**16) ≈ 79 bits of randomness.
LOOKUP_CODE_LENGTH = 16


def new_lookup_code():
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_CODE_LENGTH))


def normalise_lookup_code(text):
    """What a citizen typed ("abcd-efgh …", lower case, spaces) as a stored lookup code."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:64]


def format_lookup_code(code):
    """ABCD-EFGH-JKMN-PQRS: groups of four, to read and copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ReportingField(models.Model):
    """A field of the statistics forms the upper levels read (Biểu 2: "lĩnh vực"), shared by every
    commune; each topic of a commune is counted under one of them (Topic.reporting_field)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = NFCCharField("tên lĩnh vực báo cáo", max_length=120)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực báo cáo"
        verbose_name_plural = "lĩnh vực báo cáo"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """An editable list of subjects (seeded from the seeds' content)."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="petition_topics",
        verbose_name="xã",
        help_text="Để trống: dùng chung cho mọi xã.",
    )
    code = models.SlugField("mã", max_length=40)
    name = NFCCharField("tên lĩnh vực", max_length=120)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("còn dùng", default=True)
    reporting_field = models.ForeignKey(
        ReportingField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name="lĩnh vực báo cáo",
        help_text="Lĩnh vực của biểu thống kê gửi cấp trên mà ý kiến thuộc lĩnh vực này được tính vào.",
    )

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "code"], name="topic_unique_code")]

    def __str__(self):
        return self.name


class Petition(models.Model):
    Kind = Kind
    Competence = Competence
    Source = Source
    Status = Status
    Reaction = Reaction

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="petitions", verbose_name="xã")
    session = models.ForeignKey(
        "sessions_app.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name="buổi tiếp xúc",
    )
    code = models.CharField("mã tiếp nhận", max_length=30, unique=True, editable=False)
    # The citizen's key to /tra-cuu/: random (80 bits), never derived from the sequential receipt code.
    lookup_code = models.CharField(
        "mã tra cứu", max_length=LOOKUP_CODE_LENGTH, unique=True, editable=False, default=new_lookup_code
    )
    source = models.CharField("nguồn", max_length=20, choices=Source.choices, default=Source.SESSION)
    received_on = models.DateField("ngày tiếp nhận")
    citizen_name = NFCCharField(
        "người nêu", max_length=120, blank=True, help_text="Để trống nếu người dân không nêu tên."
    )
    citizen_phone = NFCCharField("điện thoại", max_length=20, blank=True)
    citizen_address = NFCCharField("địa chỉ", max_length=200, blank=True)
    people_count = models.PositiveSmallIntegerField(
        "số người cùng nêu",
        default=1,
        validators=[MinValueValidator(1, "Số người cùng nêu ít nhất là 1.")],
        help_text=f"Từ {GROUP_MIN_PEOPLE} người trở lên là đoàn đông người; báo cáo đếm cả số người.",
    )
    representatives = NFCCharField(
        "người đại diện", max_length=300, blank=True, help_text="Đoàn đông người: họ tên người đại diện."
    )
    is_confidential = models.BooleanField(
        "giữ bí mật người nêu",
        default=False,
        help_text="Chỉ văn phòng và lãnh đạo xem được họ tên, địa chỉ người nêu; đơn tố cáo luôn được giữ bí mật.",
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name="thôn, ấp"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="petitions", verbose_name="lĩnh vực")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices, default=Kind.KIEN_NGHI)
    competence = models.CharField("thẩm quyền", max_length=10, choices=Competence.choices, default=Competence.COMMUNE)
    content = NFCTextField("nội dung")
    search_text = models.TextField("nội dung không dấu", blank=True, editable=False)

    answered_on_spot = models.BooleanField("đã trả lời tại buổi", default=False)
    spot_answer_by = NFCCharField("người trả lời tại buổi", max_length=160, blank=True)
    spot_answer = NFCTextField("nội dung trả lời tại buổi", blank=True)

    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name="đơn vị xử lý"
    )
    routed_at = models.DateTimeField("giao lúc", null=True, blank=True)
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    transfer_to = NFCCharField("chuyển đến", max_length=200, blank=True)
    # A transfer followed to the end (services.petition_transfer, petition_transfer_reply).
    transfer_letter = NFCCharField("số văn bản chuyển", max_length=60, blank=True)
    transferred_on = models.DateField("ngày chuyển", null=True, blank=True)
    transfer_reply_due = models.DateField("hạn cơ quan nhận trả lời", null=True, blank=True)
    transfer_replied_on = models.DateField("ngày cơ quan nhận trả lời", null=True, blank=True)
    transfer_reply_letter = NFCCharField("số văn bản trả lời", max_length=60, blank=True)
    transfer_reply = NFCTextField("nội dung trả lời của cơ quan nhận", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    close_reason = NFCTextField("lý do kết thúc", blank=True)
    reaction = models.CharField("ý kiến người dân", max_length=15, choices=Reaction.choices, blank=True, default="")
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name="nêu lại ý kiến",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="trùng với",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = PetitionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "ý kiến, kiến nghị"
        verbose_name_plural = "ý kiến, kiến nghị"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["commune", "-received_on", "-id"], name="petition_commune_recent"),
            # The queues' order (deadline, then newest id): a page reads its 50 rows, not a whole day's.
            models.Index(fields=["unit", "status", "deadline", "-id"], name="petition_unit_queue_order"),
            models.Index(fields=["commune", "status", "deadline", "-id"], name="petition_status_queue_order"),
            # Repeat suggestions: the newest petitions of a village and topic.
            models.Index(fields=["village", "topic", "-received_on", "-id"], name="petition_village_topic_recent"),
            # The report's "raised again, still unresolved" list reads only the repeats.
            models.Index(
                fields=["commune", "received_on"],
                condition=models.Q(repeat_of__isnull=False),
                name="petition_repeat_report",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.content[:60]}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"content", "citizen_name", "kind", "is_confidential"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("petitions:detail", args=[self.pk])

    def build_search_text(self):
        # The shown name ("ẩn danh" when none was given), so a search for "an danh" finds them.
        return fold(f"{self.content} {self.citizen_display} {self.code}")

    @property
    def citizen_display(self):
        """The author as lists, exports and searches show it: never a protected one's name.

        Only the petition's page shows a protected author, to those `may_see_identity` allows,
        and logs it."""
        if self.identity_protected:
            return CONFIDENTIAL
        return self.citizen_name or ANONYMOUS

    @property
    def identity_protected(self):
        """A denunciation (tố cáo) or a petition marked confidential: its author is hidden."""
        return self.is_confidential or self.kind == Kind.TO_CAO

    @property
    def transfer_state(self):
        """'' (not transferred), 'awaiting' or 'answered' (by the receiving body)."""
        if self.status != Status.TRANSFERRED:
            return ""
        return "answered" if self.transfer_replied_on else "awaiting"

    @property
    def transfer_state_label(self):
        return {"awaiting": "Đã chuyển, chờ trả lời", "answered": "Cơ quan nhận đã trả lời"}.get(
            self.transfer_state, ""
        )

    def transfer_reply_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            self.transfer_state == "awaiting"
            and self.transfer_reply_due is not None
            and self.transfer_reply_due < today
        )

    @property
    def is_group(self):
        return self.people_count >= GROUP_MIN_PEOPLE

    @property
    def current_answer(self):
        """The latest round's answer (drafted or approved), or None."""
        return self.answers.order_by("-round").first()

    @property
    def lookup_code_display(self):
        return format_lookup_code(self.lookup_code)

    @property
    def approved_answer(self):
        """The latest approved answer, or None: what may be shown to the citizen."""
        return self.answers.filter(approved_at__isnull=False).order_by("-round").first()

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.deadline is not None and self.status in OPEN_STATES and self.deadline < today


class PetitionTransition(StatusTransition):
    """One move of a petition: who, when, from which state, to which, why."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("từ", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("sang", max_length=20, choices=Status.choices)

    objects = PetitionScopedQuerySet.as_manager()

    class Meta(StatusTransition.Meta):
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"

    def __str__(self):
        return f"{self.petition_id}: {self.from_status} → {self.to_status}"


class DeadlineRule(models.Model):
    """How many working days a step may take (editable; defaults from the law, domain.md §2.6)."""

    class Step(models.TextChoices):
        ANSWER = "answer", "Thông báo kết quả cho người dân"
        TRANSFER = "transfer", "Chuyển cơ quan có thẩm quyền"
        TRANSFER_REPLY = "transfer_reply", "Cơ quan nhận chuyển trả lời"

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="petition_deadline_rules",
        verbose_name="xã",
        help_text="Để trống: áp dụng cho mọi xã.",
    )
    step = models.CharField("bước", max_length=20, choices=Step.choices)
    working_days = models.PositiveSmallIntegerField("số ngày làm việc")
    legal_basis = NFCCharField("căn cứ", max_length=200, blank=True)

    class Meta:
        verbose_name = "quy tắc thời hạn"
        verbose_name_plural = "quy tắc thời hạn"
        constraints = [models.UniqueConstraint(fields=["commune", "step"], name="deadline_rule_unique_step")]

    def __str__(self):
        return f"{self.get_step_display()}: {self.working_days} ngày làm việc"


class AnswerTemplate(models.Model):
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="answer_templates", verbose_name="xã"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="answer_templates", verbose_name="lĩnh vực")
    title = NFCCharField("tên mẫu", max_length=160)
    body = NFCTextField("nội dung mẫu")

    class Meta:
        verbose_name = "mẫu trả lời"
        verbose_name_plural = "mẫu trả lời"
        ordering = ["topic", "title"]

    def __str__(self):
        return self.title


class Answer(models.Model):
    """The written answer of one round: the unit drafts it, a leader approves it.

    A petition reopened because the citizen was not satisfied gets a new round, so every
    answer ever approved stays on record; the current answer is the latest round's.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField("lần trả lời", default=1)
    body = NFCTextField("nội dung trả lời")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người soạn"
    )
    drafted_at = models.DateTimeField("soạn lúc", auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    # A leader returned the draft to its author ("Trả lại để sửa", services.petition_answer_return);
    # cleared when the draft is rewritten, so it waits for approval again.
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lại",
    )
    return_note = NFCTextField("lý do trả lại", blank=True)

    objects = PetitionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "văn bản trả lời"
        verbose_name_plural = "văn bản trả lời"
        ordering = ["petition", "round"]
        constraints = [models.UniqueConstraint(fields=["petition", "round"], name="answer_unique_round")]

    def __str__(self):
        return f"Trả lời {self.petition.code} (lần {self.round})"


def attachment_path(instance, filename):
    # The stored name is generated by dialogue.uploads; only the folder is decided here.
    return f"petitions/{instance.petition_id}/{filename}"


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    original_name = NFCCharField("tên tệp gốc", max_length=200)
    size = models.PositiveIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    objects = PetitionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ReceiptCounter(models.Model):
    """The last receipt number given per commune and year (see services.petition_code_take)."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="receipt_counter_unique_year")]

    def __str__(self):
        return f"{self.commune_id}/{self.year}: {self.last_number}"


class PetitionCorrection(models.Model):
    """One correction of what intake recorded (services.petition_correct): what changed, who, when, why.

    The receipt code is never corrected. AFTER_FINAL marks a correction made once the
    petition was final, which only the commune's administrator may make.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="corrections")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người sửa"
    )
    at = models.DateTimeField("sửa lúc", auto_now_add=True)
    reason = NFCTextField("lý do sửa")
    after_final = models.BooleanField("sửa sau khi đã kết thúc", default=False)
    #: [{"field": name, "label": "Thôn, ấp", "old": "Thôn 1", "new": "Thôn 2"}], in the form's order.
    changes = models.JSONField("nội dung sửa", default=list)

    objects = PetitionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đính chính ý kiến"
        verbose_name_plural = "đính chính ý kiến"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.petition_id}: {', '.join(c['label'] for c in self.changes)}"


class CitizenLetter(models.Model):
    """A numbered letter to the citizen who raised a petition, frozen once issued.

    The written answer, the notice that the petition went to another body, or the guidance
    letter when it is not the commune's to handle (services.citizen_letter_issue).
    """

    class Kind(models.TextChoices):
        ANSWER = "answer", "Văn bản trả lời ý kiến, kiến nghị"
        TRANSFER = "transfer", "Thông báo chuyển ý kiến, kiến nghị"
        GUIDANCE = "guidance", "Văn bản hướng dẫn người dân"

    #: The document type each kind is numbered under: the answer and the guidance are letters
    #: (công văn), the transfer is a notice (thông báo), sharing the issuer's series of each.
    DOC_TYPES = {Kind.ANSWER: "CV", Kind.TRANSFER: "TB", Kind.GUIDANCE: "CV"}

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("loại văn bản", max_length=10, choices=Kind.choices)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành")
    number = models.PositiveIntegerField("số")
    issued_on = models.DateField("ngày ban hành")
    body = NFCTextField("nội dung đã ban hành")
    # The "Kính gửi" line as issued (name, address): a later correction of the petition, or its
    # anonymisation (which blanks it: "Công dân"), never rewrites an issued letter silently.
    addressee = NFCCharField("kính gửi", max_length=330, blank=True)
    pdf = models.BinaryField("bản PDF đã ban hành")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = PetitionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản gửi người dân"
        verbose_name_plural = "văn bản gửi người dân"
        ordering = ["petition", "kind"]
        constraints = [models.UniqueConstraint(fields=["petition", "kind"], name="citizen_letter_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.symbol}"

    @property
    def doc_type(self):
        return self.DOC_TYPES[self.Kind(self.kind)]

    @property
    def symbol(self):
        return document_symbol(issuer=self.issuer, doc_type=self.doc_type, number=self.number)
