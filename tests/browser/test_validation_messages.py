"""The browser's own form checks speak Vietnamese in an English-language browser (static/js/app.js)."""

from django.urls import reverse

from .conftest import login
from .test_dates_and_choices import english_page  # noqa: F401  (the en-US browser fixture)


def test_an_empty_required_field_and_a_bad_email_say_so_in_vietnamese(english_page, clerk, commune):  # noqa: F811
    page = english_page
    login(page, "clerk")
    page.goto(page.base_url + reverse("directory:official_create"))
    form = page.locator("main form[method=post]").first
    text = form.locator("input[required][type=text]").first
    select = form.locator("select[required]").first
    assert text.count() == 1 and select.count() == 1, "the form should have a required text field and a required list"
    form.locator("button[type=submit], button:not([type])").last.click()
    # The browser refused the submit and names the problem in Vietnamese.
    assert page.url.endswith(reverse("directory:official_create"))
    assert text.evaluate("el => el.validationMessage") == "Hãy nhập thông tin này."
    assert select.evaluate("el => el.validationMessage") == "Hãy chọn một mục."

    # Typing clears the message: a filled field is valid again.
    text.fill("Nguyễn Văn An")
    assert text.evaluate("el => el.validationMessage") == ""
    assert text.evaluate("el => el.checkValidity()") is True


def test_a_mistyped_email_says_so_in_vietnamese(english_page, admin_role, commune):  # noqa: F811
    page = english_page
    login(page, "admin_role")
    page.goto(page.base_url + reverse("directory:commune_settings"))
    email = page.locator("main input[type=email]")
    email.fill("khong-phai-email")
    assert email.evaluate("el => el.reportValidity()") is False
    assert email.evaluate("el => el.validationMessage") == "Địa chỉ e-mail chưa đúng (ví dụ: ten@xa.gov.vn)."
