"""Companies and skills in the admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from config.concurrency import EditConflictAdminMixin, EditConflictFormMixin
from core.links import require_http_url
from core.slugs import slug_of
from jobs.admin.counts import ListingCountColumn
from jobs.models import Company, Skill


class CompanyAdminForm(EditConflictFormMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "slug", "website", "description", "employees"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled from the name in the browser; without JavaScript, filled when saved.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Part of the company's URL. Empty: made from the name."

    def clean_website(self):
        return require_http_url(self.cleaned_data["website"])

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        return slug or slug_of(self.cleaned_data.get("name") or "")


@admin.register(Company)
class CompanyAdmin(ListingCountColumn, EditConflictAdminMixin, admin.ModelAdmin):
    form = CompanyAdminForm
    list_display = ["name", "website", "listing_count", "updated_at"]
    ordering = ["name"]  # explicit: the grouped count drops the model's default order
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Empty: made from the name."

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Skill.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash:
            raise ValidationError(f"The skill “{clash.name}” already exists.")
        return name

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        return slug or slug_of(self.cleaned_data.get("name") or "", 60)


@admin.register(Skill)
class SkillAdmin(ListingCountColumn, admin.ModelAdmin):
    """Skills are picked (or added with the "+" beside the field) from the listing form."""

    form = SkillAdminForm
    list_display = ["name", "slug", "listing_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
