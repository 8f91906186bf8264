"""Date fields are text inputs that show dd/mm/yyyy (whatever the browser's language) and take ISO too."""

import datetime

from django import forms

from dialogue.forms import DateInput, DateTimeInput, typeahead


class Dated(forms.Form):
    day = forms.DateField(widget=DateInput())
    at = forms.DateTimeField(widget=DateTimeInput())
    village = forms.ChoiceField(choices=[("1", "Ấp Tân Lập")])


def test_date_inputs_render_dd_mm_yyyy_as_text_with_the_picker():
    form = Dated(initial={"day": datetime.date(2026, 12, 2), "at": datetime.datetime(2026, 12, 2, 8, 30)})
    html = str(form["day"])
    assert 'type="text"' in html and 'value="02/12/2026"' in html
    assert 'data-picker="date"' in html and 'placeholder="dd/mm/yyyy"' in html
    html = str(form["at"])
    assert 'type="text"' in html and 'value="02/12/2026 08:30"' in html and 'data-picker="datetime"' in html
    assert 'type="date"' not in str(form) and "datetime-local" not in str(form)


def test_dd_mm_yyyy_and_iso_are_both_taken():
    for day, at in (("02/12/2026", "02/12/2026 08:30"), ("2026-12-02", "2026-12-02T08:30")):
        form = Dated({"day": day, "at": at, "village": "1"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 2)
        assert form.cleaned_data["at"].replace(tzinfo=None) == datetime.datetime(2026, 12, 2, 8, 30)


def test_typeahead_marks_a_select_for_the_accent_free_search():
    form = Dated()
    typeahead(form.fields["village"])
    assert "data-typeahead" in str(form["village"])
