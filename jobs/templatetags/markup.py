"""``{% load markup %}`` then ``{{ text|markdown }}``: rendered, sanitized Markdown."""

from django import template
from django.utils.safestring import mark_safe

from jobs.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    # Safe because render_markdown sanitizes its output with an allow-list.
    return mark_safe(render_markdown(text))
