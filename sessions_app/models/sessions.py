"""Plans (Kế hoạch) and the sessions (buổi tiếp xúc, đối thoại) they schedule."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from dialogue.templatetags.vn import roman
from directory.models import (
    Commune,
    FoldedSearchMixin,
    LegalBasis,
    Official,
    SignedOriginal,
    StatusTransition,
    Unit,
    Village,
)
from directory.numbering import document_symbol, number_line
from sessions_app.enums import (
    LEGAL_MIN_ANNOUNCEMENT_DAYS,
    SESSION_TRANSITIONS,
    PlanKind,
    SessionFormat,
    SessionStatus,
)
from sessions_app.querysets import PlanQuerySet, SessionQuerySet


def period_last_day(year, *, quarter=None, month=None):
    """The last day of a month, a quarter or (with neither) the whole YEAR."""
    last_month = month or (3 * quarter if quarter else 12)
    if last_month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)


class Plan(FoldedSearchMixin, models.Model):
    DOC_TYPE = "KH"
    search_source = ("search_symbol", "title", "period_label", "section_text")

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="plans", verbose_name="xã")
    kind = models.CharField("loại kế hoạch", max_length=20, choices=PlanKind.choices)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", verbose_name="cơ quan ban hành")
    number = models.PositiveIntegerField("số", null=True, blank=True, help_text="Để trống khi kế hoạch còn là dự thảo.")
    place = NFCCharField("địa danh", max_length=80, help_text="Ví dụ: Lộc Thành.")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = NFCTextField("trích yếu", help_text="Ví dụ: Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm 2025.")
    year = models.PositiveIntegerField("năm")
    period_label = NFCCharField("thời kỳ", max_length=80, help_text="Ví dụ: 6 tháng cuối năm 2025, năm 2025.")
    legal_bases = models.ManyToManyField(
        LegalBasis, through="PlanLegalBasis", related_name="plans", blank=True, verbose_name="căn cứ"
    )
    preamble = NFCTextField("lời dẫn", blank=True, help_text="Câu dẫn sau phần căn cứ.")
    # The body between the preamble and the closing is the office's own: PlanSection rows.
    closing = NFCTextField("lời kết", blank=True)
    announcement_lead_days = models.PositiveSmallIntegerField(
        "thông báo trước (ngày)",
        default=LEGAL_MIN_ANNOUNCEMENT_DAYS,
        help_text="Luật yêu cầu thông báo cho Nhân dân ít nhất 7 ngày trước buổi đối thoại.",
    )
    signing_authority = NFCCharField(
        "thẩm quyền ký",
        max_length=80,
        blank=True,
        help_text="Ví dụ: T/M BAN THƯỜNG VỤ, TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH.",
    )
    signer_title = NFCCharField("chức vụ người ký", max_length=80, help_text="Ví dụ: PHÓ BÍ THƯ, CHỦ TỊCH.")
    signer = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="signed_plans", verbose_name="người ký"
    )
    # A change after numbering is a correction: a new plan (a draft until it takes its own number)
    # that REPLACES the one in force (services.plan_correct). One correction per plan (OneToOne):
    # the chain is the plan of record's history; the latest numbered one is in force.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="thay thế kế hoạch",
        editable=False,
    )
    correction_reason = NFCTextField("lý do đính chính, thay thế", blank=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                models.F("issuer"),
                models.F("number"),
                ExtractYear("issued_on"),
                name="plan_unique_number_per_issuer_year",
                violation_error_message="Đã có kế hoạch cùng số, ký hiệu của cơ quan này trong năm.",
            ),
        ]

    def __str__(self):
        return f"{self.symbol} – {self.title}" if self.number else f"(Dự thảo) {self.title}"

    def get_absolute_url(self):
        return reverse("sessions_app:plan_detail", args=[self.pk])

    def validate_constraints(self, exclude=None):
        # A draft (no number or no issue date) cannot collide with a numbered plan, and the check
        # would ask PostgreSQL for EXTRACT(YEAR FROM NULL), which it cannot type: skip it then.
        if self.number is None or self.issued_on is None:
            exclude = {*(exclude or ()), "issued_on"}
        super().validate_constraints(exclude=exclude)

    @property
    def symbol(self):
        return document_symbol(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def section_text(self):
        """The titles and text of the plan's sections, for the search column (refresh_search_text)."""
        if self.pk is None:
            return ""
        return " ".join(f"{title} {body}" for title, body in self.sections.values_list("title", "body"))

    def refresh_search_text(self):
        """Store the folded search text again once the sections (saved after the plan) changed.

        A queryset update: no history record and no `updated_at` change for what is only an index.
        """
        self.search_text = self.build_search_text()
        Plan.objects.filter(pk=self.pk).update(search_text=self.search_text)

    @property
    def replacement(self):
        """The plan that replaces this one (a draft or numbered), or None."""
        try:
            return self.replaced_by
        except Plan.DoesNotExist:
            return None

    @property
    def is_replaced(self):
        """Whether a numbered correction replaced this plan: it stays listed and downloadable, not in force."""
        replacement = self.replacement
        return replacement is not None and replacement.number is not None

    @property
    def replaces_line(self):
        """The printed line of a correction: "(Kế hoạch này thay thế Kế hoạch số … ngày …)", or ""."""
        old = self.replaces
        if old is None:
            return ""
        day = f" ngày {old.issued_on:%d/%m/%Y}" if old.issued_on else ""
        return f"(Kế hoạch này thay thế Kế hoạch số {old.symbol}{day}.)"

    @property
    def search_symbol(self):
        return self.symbol if self.number and self.issuer_id else ""

    @property
    def number_line(self):
        return number_line(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def is_party(self):
        return self.issuer.side == Unit.Side.PARTY

    @property
    def lead_time_below_law(self):
        return self.announcement_lead_days < LEGAL_MIN_ANNOUNCEMENT_DAYS

    def clean(self):
        # The rule lives with the session rules; the admin and the page form both reach it here.

        error = self.issue_date_error()
        if error:
            raise ValidationError({"issued_on": error})

    def issue_date_error(self):
        """Why PLAN's issue date cannot stand beside its sessions' times, or None.

        A session (not cancelled) dated before the issue date, or whose quarter or month
        ends before it, would be held before the plan existed.
        """
        if self.pk is None or not self.issued_on:
            return None
        for session in self.sessions.exclude(status=SessionStatus.CANCELLED):
            last = session.session_date or period_last_day(session.year, quarter=session.quarter, month=session.month)
            if last < self.issued_on:
                return (
                    f"Ngày ban hành không thể sau thời gian tổ chức của buổi “{session.display_title}” "
                    f"({session.when}). Sửa buổi trước, hoặc chọn ngày ban hành sớm hơn."
                )
        return None


class BasisVerb(models.TextChoices):
    """The word a plan cites a legal text with; blank: the text continues the citation above it."""

    BASED_ON = "Căn cứ", "Căn cứ"
    IMPLEMENTING = "Thực hiện", "Thực hiện"
    FOLLOWING = "Theo", "Theo"
    CONTINUED = "", "(nối tiếp căn cứ trên, cùng đoạn)"


class PlanLegalBasis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_legal_bases")
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, verbose_name="căn cứ")
    verb = models.CharField(
        "lời dẫn",
        max_length=12,
        choices=BasisVerb.choices,
        default=BasisVerb.BASED_ON,
        blank=True,
        help_text="“Căn cứ”, “Thực hiện” hay “Theo”; để nối tiếp thì văn bản in cùng đoạn với căn cứ trên.",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "căn cứ của kế hoạch"
        verbose_name_plural = "căn cứ của kế hoạch"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "legal_basis"], name="plan_legal_basis_once")]

    def __str__(self):
        return str(self.legal_basis)


def basis_paragraphs(bases):
    """The printed citation paragraphs of BASES (PlanLegalBasis rows, in order).

    Each basis with a verb opens a paragraph ("Căn cứ …"); one without continues the paragraph
    above ("…; Kế hoạch số …"). Every paragraph ends with ";".
    """
    paragraphs = []
    for basis in bases:
        citation = basis.legal_basis.citation.strip().rstrip(";.")
        if basis.verb or not paragraphs:
            paragraphs.append(f"{basis.verb or BasisVerb.BASED_ON} {citation}")
        else:
            paragraphs[-1] += f"; {citation}"
    return [f"{p};" for p in paragraphs]


class SectionLevel(models.IntegerChoices):
    PART = 1, "I, II, III – phần"
    ITEM = 2, "1, 2, 3 – mục"
    SUBITEM = 3, "1.1, 1.2 – tiểu mục"
    LETTER = 4, "a, b, c – điểm"
    DASH = 5, "- gạch đầu dòng"


class SectionBlock(models.TextChoices):
    TEXT = "text", "Lời văn"
    SESSIONS = "sessions", "Lời văn và bảng các buổi (thời gian, địa điểm)"
    DUTIES = "duties", "Lời văn và nhiệm vụ của các đơn vị (mục con)"


ROMAN_NUMERALS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
LETTERS = "abcdđeghiklmnopqrstuvxy"


def roman_numeral(n):
    out = ""
    for value, symbol in ROMAN_NUMERALS:
        while n >= value:
            out += symbol
            n -= value
    return out


def section_labels(levels):
    """The printed numbers of a run of sections given their LEVELS: "I.", "1.", "1.1.", "a)", "-".

    Numbering comes from the structure alone: a part restarts its items, an item its sub-items
    and points; a dash is never counted.
    """
    counters = [0, 0, 0, 0]
    labels = []
    for level in levels:
        if level == SectionLevel.DASH:
            labels.append("-")
            continue
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        if level == SectionLevel.PART:
            labels.append(f"{roman_numeral(counters[0])}.")
        elif level == SectionLevel.ITEM:
            labels.append(f"{counters[1]}.")
        elif level == SectionLevel.SUBITEM:
            labels.append(f"{max(counters[1], 1)}.{counters[2]}.")
        else:
            labels.append(f"{LETTERS[(counters[3] - 1) % len(LETTERS)]})")
    return labels


class PlanSection(models.Model):
    """One heading or item of a plan's body, in the office's own words; numbered from its level."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    level = models.PositiveSmallIntegerField("cấp", choices=SectionLevel.choices, default=SectionLevel.PART)
    title = NFCCharField(
        "tiêu đề", max_length=500, blank=True, help_text="Để trống khi mục chỉ có lời văn (số in ở đầu đoạn)."
    )
    body = NFCTextField("lời văn", blank=True, help_text="Mỗi dòng là một đoạn.")
    block = models.CharField("kèm theo", max_length=10, choices=SectionBlock.choices, default=SectionBlock.TEXT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục của kế hoạch"
        verbose_name_plural = "các mục của kế hoạch"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or self.body[:60]


class PlanDuty(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_duties",
        verbose_name="đơn vị",
        help_text="Để trống khi nhiệm vụ giao cho một nhóm đơn vị (ghi ở tiêu đề).",
    )
    heading = NFCCharField(
        "tiêu đề",
        max_length=200,
        blank=True,
        help_text="Để trống để dùng tên đơn vị; ghi khi giao cho nhóm, ví dụ: Các chi bộ thôn trên địa bàn xã.",
    )
    text = NFCTextField("nhiệm vụ")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhiệm vụ của đơn vị"
        verbose_name_plural = "nhiệm vụ của các đơn vị"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading or self.unit.name

    def clean(self):
        if not self.unit_id and not self.heading:
            raise ValidationError("Chọn đơn vị hoặc ghi tiêu đề cho nhiệm vụ.")


class PlanIssuedCopy(models.Model):
    """The plan as issued: frozen when it is first saved with a number (services.plan_number_check).

    Every later download returns these bytes, whatever is edited afterwards: the PDF and the
    .docx, both rendered then from the same document of the model. A table of its own, so that
    reading plans (and sessions with their plan) never loads a PDF.
    """

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="issued_copy")
    pdf = models.BinaryField("bản PDF đã ban hành", editable=False)
    #: The .docx rendered with the PDF at numbering (empty for plans numbered before it was kept).
    docx = models.BinaryField("bản Word đã ban hành", editable=False, default=b"", blank=True)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, editable=False)
    number = models.PositiveIntegerField("số", editable=False)
    created_at = models.DateTimeField("cố định lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bản kế hoạch đã ban hành"
        verbose_name_plural = "bản kế hoạch đã ban hành"

    def __str__(self):
        return f"{self.plan_id}: {self.sha256[:12]}"


class PlanOriginal(SignedOriginal):
    """The signed and stamped original of a numbered plan; the latest is the plan of record."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="originals")

    class Meta(SignedOriginal.Meta):
        verbose_name = "bản kế hoạch đã ký"
        verbose_name_plural = "bản kế hoạch đã ký"

    def get_absolute_url(self):
        return reverse("sessions_app:plan_original_file", args=[self.plan_id, self.pk])


class PlanRecipient(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    name = NFCCharField("nơi nhận", max_length=200)
    for_report = models.BooleanField("để báo cáo (b/c)", default=False)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nơi nhận"
        verbose_name_plural = "nơi nhận"
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} (b/c)" if self.for_report else self.name


class Session(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="sessions", verbose_name="kế hoạch")
    title = NFCCharField(
        "nội dung buổi",
        max_length=300,
        blank=True,
        help_text="Để trống: “Đối thoại trực tiếp với Nhân dân” + tên các thôn.",
    )
    villages = models.ManyToManyField(Village, related_name="sessions", verbose_name="thôn, ấp")
    year = models.PositiveIntegerField("năm")
    quarter = models.PositiveSmallIntegerField(
        "quý", null=True, blank=True, choices=[(q, f"Quý {roman(q)}") for q in range(1, 5)]
    )
    month = models.PositiveSmallIntegerField(
        "tháng", null=True, blank=True, choices=[(m, f"Tháng {m}") for m in range(1, 13)]
    )
    starts_at = models.DateTimeField("ngày giờ", null=True, blank=True)
    # Stored so that lists sort and reports filter by period in the database:
    # the exact date, or the first day of the month or quarter.
    period_start = models.DateField("bắt đầu kỳ", editable=False)
    venue = NFCCharField("địa điểm", max_length=200)
    chair = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_sessions",
        verbose_name="chủ trì",
    )
    format = models.CharField(
        "hình thức", max_length=12, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    announcement_lead_days = models.PositiveSmallIntegerField(
        "thông báo trước (ngày)", null=True, blank=True, help_text="Để trống: theo kế hoạch."
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=SessionStatus.choices, default=SessionStatus.DRAFT, editable=False
    )
    notes = NFCTextField("ghi chú", blank=True)
    # Set by services.session_announcement_publish (numbering the announcement, or the button);
    # until then the session is on no public page.
    announcement_published_at = models.DateTimeField("công khai lịch lúc", null=True, blank=True, editable=False)
    households_per_village = models.PositiveSmallIntegerField(
        "số đại diện hộ mỗi thôn, ấp", default=5, help_text="Số chủ hộ được mời ở mỗi thôn, ấp của buổi."
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "buổi tiếp xúc, đối thoại"
        verbose_name_plural = "buổi tiếp xúc, đối thoại"
        ordering = ["period_start", "starts_at", "pk"]
        indexes = [models.Index(fields=["status", "period_start"], name="session_status_period_idx")]

    def __str__(self):
        return f"{self.display_title} – {self.when}"

    def save(self, *args, **kwargs):
        self.period_start = self.compute_period_start()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "period_start"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sessions_app:session_detail", args=[self.pk])

    def compute_period_start(self):
        if self.starts_at:
            return (
                timezone.localtime(self.starts_at).date()
                if timezone.is_aware(self.starts_at)
                else self.starts_at.date()
            )
        if self.month:
            return datetime.date(self.year, self.month, 1)
        if self.quarter:
            return datetime.date(self.year, 3 * (self.quarter - 1) + 1, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def display_title(self):
        if self.title:
            return self.title
        return "Đối thoại trực tiếp với Nhân dân " + " và ".join(v.full_name for v in self.villages.all())

    @property
    def when(self):
        """'Quý III/2025', 'Tháng 11/2025' or '08 giờ 00, ngày 20/11/2025'."""
        if self.starts_at:
            local = timezone.localtime(self.starts_at)
            return f"{local:%H} giờ {local:%M}, ngày {local:%d/%m/%Y}"
        if self.month:
            return f"Tháng {self.month}/{self.year}"
        if self.quarter:
            return f"Quý {roman(self.quarter)}/{self.year}"
        return f"Năm {self.year}"

    @property
    def session_date(self):
        return timezone.localtime(self.starts_at).date() if self.starts_at else None

    @property
    def effective_lead_days(self):
        return (
            self.announcement_lead_days if self.announcement_lead_days is not None else self.plan.announcement_lead_days
        )

    @property
    def lead_time_below_law(self):
        return self.effective_lead_days < LEGAL_MIN_ANNOUNCEMENT_DAYS

    @property
    def announce_by(self):
        """The last day to announce the session to the public, once the date is known."""
        if not self.starts_at:
            return None
        return self.session_date - datetime.timedelta(days=self.effective_lead_days)

    @property
    def days_left(self):
        """Days to the session date; without one, to the last day of its month or quarter (the latest it may be)."""
        last = self.session_date or period_last_day(self.year, quarter=self.quarter, month=self.month)
        return (last - timezone.localdate()).days

    @property
    def days_to_announce(self):
        return (self.announce_by - timezone.localdate()).days if self.announce_by else None

    @property
    def announced(self):
        """Announced to the public: its announcement (TB) was numbered, or that duty was ticked done."""
        return (
            self.documents.filter(kind="TB").exists()
            or self.tasks.filter(kind=SessionTask.Kind.ANNOUNCEMENT, done_at__isnull=False).exists()
        )

    @property
    def announcement_overdue(self):
        return (
            self.status in (SessionStatus.DRAFT, SessionStatus.SCHEDULED)
            and self.announce_by is not None
            and self.announce_by < timezone.localdate()
            and not self.announced
        )

    def allowed_transitions(self):
        return SESSION_TRANSITIONS[SessionStatus(self.status)]


class SessionTransition(StatusTransition):
    """One status move of a session: who, when, from which state."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("từ trạng thái", max_length=12, choices=SessionStatus.choices)
    to_status = models.CharField("sang trạng thái", max_length=12, choices=SessionStatus.choices)

    class Meta(StatusTransition.Meta):
        verbose_name = "chuyển trạng thái buổi"
        verbose_name_plural = "lịch sử trạng thái buổi"


class SessionTask(models.Model):
    """A preparation duty with a deadline computed from the session date."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", "Thông báo cho Nhân dân (loa truyền thanh, bảng tin)"
        INVITATIONS = "invitations", "Gửi giấy mời"
        VENUE = "venue", "Chuẩn bị hội trường, trang trí, âm thanh"
        SECURITY = "security", "Bảo đảm an ninh trật tự"
        REPORT = "report", "Chuẩn bị nội dung báo cáo, trả lời"
        OTHER = "other", "Khác"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField("loại", max_length=15, choices=Kind.choices, default=Kind.OTHER)
    title = NFCCharField("việc cần làm", max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="session_tasks", verbose_name="đơn vị"
    )
    days_before = models.PositiveSmallIntegerField("trước buổi (ngày)", default=0)
    due_on = models.DateField("hạn", null=True, blank=True)
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)

    class Meta:
        verbose_name = "việc chuẩn bị"
        verbose_name_plural = "việc chuẩn bị"
        ordering = ["due_on", "-days_before", "pk"]

    def __str__(self):
        return self.title

    @property
    def overdue(self):
        return self.done_at is None and self.due_on is not None and self.due_on < timezone.localdate()
