from jobs.markup import plain_text, render_markdown


def test_markdown_is_rendered():
    html = render_markdown("**Strong** and a [link](https://example.com)\n\n- one\n- two")
    assert "<strong>Strong</strong>" in html
    assert '<a href="https://example.com" rel="nofollow noopener">link</a>' in html
    assert "<li>one</li>" in html


def test_scripts_and_handlers_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[x](javascript:alert(3)) <style>body{}</style>"
    )
    assert "<script" not in html and "onerror" not in html
    assert "javascript:" not in html and "<style" not in html and "<img" not in html


def test_plain_text_has_no_tags():
    assert plain_text("# Title\n\nSome *words*.") == "Title\nSome words."


def test_plain_text_is_not_html_escaped():
    assert plain_text('R&D at <b>Acme</b> & "friends"') == 'R&D at Acme & "friends"'
