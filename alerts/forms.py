"""The subscription form: an address, how often, the search (hidden) and a honeypot."""

from django import forms

from alerts.models import QUERY_MAX_LENGTH, Frequency, normalised_email
from core.text import reject_control_characters


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose daily or weekly."},
    )
    query = forms.CharField(
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.HiddenInput,
        validators=[reject_control_characters],
        error_messages={"max_length": "This search is too long to follow by email."},
    )
    # Hidden from people (off screen, out of the tab order, hidden from screen readers): a
    # script that fills every field fills it, and is answered as anyone else, with no email.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_email(self):
        return normalised_email(self.cleaned_data["email"])

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
