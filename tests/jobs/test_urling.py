"""fast_reverse() gives exactly what reverse() gives, for any script prefix and value."""

import pytest
from django.test.utils import override_script_prefix
from django.urls import NoReverseMatch, reverse

from jobs.urling import fast_reverse


@pytest.mark.parametrize("prefix", ["/", "/board/", "/a{b}c/", "/caf%C3%A9/"])
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("jobs:detail", {"pk": 7, "slug": "data-engineer"}),
        ("jobs:detail", {"pk": 918273645, "slug": "urlmarker0x"}),
        ("jobs:detail", {"pk": 12, "slug": "A_b-9"}),
        ("jobs:detail_noslug", {"pk": 3}),
        ("jobs:company", {"slug": "nimbus-labs"}),
    ],
)
def test_the_same_url_as_reverse(prefix, name, kwargs):
    with override_script_prefix(prefix):
        assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)
        assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)  # from the cache


@pytest.mark.parametrize("slug", ["", "a/b", "é", "a b"])
def test_what_reverse_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        reverse("jobs:detail", kwargs={"pk": 1, "slug": slug})
    with pytest.raises(NoReverseMatch):
        fast_reverse("jobs:detail", pk=1, slug=slug)
