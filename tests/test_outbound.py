"""The outbound HTTP client (core/outbound.py) against HTTP servers the tests start on 127.0.0.1.

Nothing here reaches the internet: public-looking names are made to resolve (a monkeypatched
``socket.getaddrinfo``) to the local server, and refused addresses are refused before any
socket connects (``socket.socket.connect`` is made to fail the test when it is called).
"""

import contextlib
import shutil
import socket
import ssl
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from core import outbound
from core.outbound import BlockedAddress, OutboundError, TooLarge, TooManyRedirects, fetch
from tests.local_http import LocalHandler, LocalServer, serving


class Handler(LocalHandler):
    """The routes the tests ask for; every request is recorded on the server."""

    # One request a connection: /huge and /drip send no length and end by closing.
    protocol_version = "HTTP/1.0"
    redirect_body = b"moved"

    def do_GET(self):
        self.server.requests.append((self.command, self.path, self.headers.get("Host")))
        path = urlsplit(self.path).path
        route = ROUTES.get(path)
        if route is None and path.startswith("/chain/"):
            route = chain
        (route or missing)(self)

    do_HEAD = do_GET
    do_POST = do_GET


def ok(handler):
    handler.reply(200, b"<p>hello</p>")


def missing(handler):
    handler.reply(404, b"<p>not here</p>")


def chain(handler):
    left = int(handler.path.rsplit("/", 1)[1])
    if left == 0:
        handler.reply(200, b"<p>end of the chain</p>")
    else:
        handler.redirect(f"/chain/{left - 1}", status=301 if left % 2 else 307)


def echo(handler):
    headers = handler.headers
    text = f"{handler.command} host={headers.get('Host')} ua={headers.get('User-Agent')}"
    handler.reply(200, text.encode(), content_type="text/plain")


def huge(handler):
    # No Content-Length: the client has to count as it reads.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(400):  # 400 x 64 kB = 25 MB, far more than any limit here
            handler.wfile.write(b"x" * 65536)
    except OSError:
        handler.server.stopped_early.append(handler.path)


def declared_huge(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(50_000_000))
    handler.end_headers()
    with contextlib.suppress(OSError):
        handler.wfile.write(b"x" * 1000)


def slow(handler):
    time.sleep(2)
    handler.reply(200, b"too late")


def drip(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(40):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


ROUTES = {
    "/ok": ok,
    "/missing": missing,
    "/echo": echo,
    "/huge": huge,
    "/declared-huge": declared_huge,
    "/slow": slow,
    "/drip": drip,
    "/loop-a": lambda h: h.redirect("/loop-b"),
    "/loop-b": lambda h: h.redirect("/loop-a"),
    "/see-other": lambda h: h.redirect("/echo", status=303),
    "/to-private": lambda h: h.redirect("http://10.0.0.1/admin"),
    "/to-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/", 301),
    "/to-file": lambda h: h.redirect("file:///etc/passwd"),
    "/to-userinfo": lambda h: h.redirect("http://user:secret@example.org/"),
    "/to-nonsense": lambda h: h.redirect("http://[::1/broken"),
    "/latin1": lambda h: h.reply(
        200, "Café à Zürich".encode("latin-1"), content_type="text/plain; charset=ISO-8859-1"
    ),
    "/no-charset": lambda h: h.reply(200, "Café ✓".encode(), content_type="text/plain"),
    "/bad-charset": lambda h: h.reply(
        200, "Café".encode() + b"\xff", content_type="text/plain; charset=no-such-charset"
    ),
}


class Server(LocalServer):
    def __init__(self):
        super().__init__(Handler)
        self.stopped_early = []


@pytest.fixture(scope="module")
def server():
    with serving(Server()) as server:
        yield server


@pytest.fixture
def base(server, settings):
    """The local server's address, with loopback allowed as only tests do."""
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    server.requests.clear()
    return server.base_url


@pytest.fixture
def resolve(monkeypatch):
    """``resolve({"evil.example": ["10.1.2.3"]})``: those names resolve to those addresses;
    every other name as usual. Returns the names looked up, in order."""
    real = socket.getaddrinfo
    looked_up = []

    def install(table):
        def fake(host, port, family=0, type=0, proto=0, flags=0):
            looked_up.append(host)
            if host in table:
                answers = table[host]
                if callable(answers):
                    answers = answers()
                return [
                    (
                        socket.AF_INET6 if ":" in address else socket.AF_INET,
                        socket.SOCK_STREAM,
                        6,
                        "",
                        (address, port, 0, 0) if ":" in address else (address, port),
                    )
                    for address in answers
                ]
            return real(host, port, family, type, proto, flags)

        monkeypatch.setattr(socket, "getaddrinfo", fake)
        return looked_up

    return install


# Statuses, redirects and the response


def test_200_gives_the_body_headers_and_final_url(base):
    response = fetch(f"{base}/ok")
    assert response.status == 200
    assert response.body == b"<p>hello</p>"
    assert response.text() == "<p>hello</p>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.url == f"{base}/ok"
    assert response.redirects == ()


def test_404_is_a_response_not_an_error(base):
    response = fetch(f"{base}/missing")
    assert response.status == 404
    assert response.text() == "<p>not here</p>"


def test_a_redirect_chain_is_followed_and_recorded(base, server):
    response = fetch(f"{base}/chain/3")
    assert response.status == 200
    assert response.text() == "<p>end of the chain</p>"
    assert response.url == f"{base}/chain/0"
    assert response.redirects == (f"{base}/chain/3", f"{base}/chain/2", f"{base}/chain/1")
    assert [path for _, path, _ in server.requests] == [f"/chain/{n}" for n in (3, 2, 1, 0)]


def test_more_redirects_than_allowed_are_refused(base, server):
    with pytest.raises(TooManyRedirects) as raised:
        fetch(f"{base}/chain/4", max_redirects=3)
    assert raised.value.reason == "More than 3 redirects."
    assert len(server.requests) == 4  # the first URL and three redirects, never the fifth
    assert fetch(f"{base}/chain/3", max_redirects=3).status == 200


def test_a_redirect_loop_stops(base, server):
    with pytest.raises(TooManyRedirects) as raised:
        fetch(f"{base}/loop-a")
    assert "loop" in raised.value.reason
    assert len(server.requests) == 2


def test_303_turns_into_get_and_head_stays_head(base, server):
    assert fetch(f"{base}/see-other", method="POST").text().startswith("GET host=")
    response = fetch(f"{base}/chain/2", method="HEAD")
    assert response.status == 200
    assert response.body == b""
    assert [method for method, _, _ in server.requests[-3:]] == ["HEAD", "HEAD", "HEAD"]


def test_the_user_agent_names_the_site(base, settings):
    settings.OUTBOUND_USER_AGENT = "AIJobsBoard/1.0 (+https://jobs.example.org; link checker)"
    assert (
        fetch(f"{base}/echo")
        .text()
        .endswith("ua=AIJobsBoard/1.0 (+https://jobs.example.org; link checker)")
    )
    assert fetch(f"{base}/echo", headers={"user-agent": "Other/2"}).text().endswith("ua=Other/2")


# Charsets


def test_text_decodes_by_the_content_type_charset(base):
    response = fetch(f"{base}/latin1")
    assert response.body == "Café à Zürich".encode("latin-1")
    assert response.text() == "Café à Zürich"


def test_text_without_a_charset_is_utf8(base):
    assert fetch(f"{base}/no-charset").text() == "Café ✓"


def test_text_with_an_unknown_charset_is_utf8_with_replacements(base):
    assert fetch(f"{base}/bad-charset").text() == "Café\ufffd"


# Limits


def test_a_body_over_the_limit_is_refused_and_reading_stops_early(base, server):
    started = time.monotonic()
    with pytest.raises(TooLarge) as raised:
        fetch(f"{base}/huge", max_bytes=100_000)
    assert raised.value.reason == "The page is larger than 100 kB."
    assert time.monotonic() - started < 5
    # The server notices the client went away before it sent its 25 MB.
    deadline = time.monotonic() + 5
    while not server.stopped_early and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.stopped_early == ["/huge"]


def test_a_declared_length_over_the_limit_is_refused_before_reading(base):
    with pytest.raises(TooLarge) as raised:
        fetch(f"{base}/declared-huge", max_bytes=2_000_000)
    assert raised.value.reason == "The page is larger than 2 MB (50 MB)."


def test_a_body_at_the_limit_is_read(base):
    assert fetch(f"{base}/ok", max_bytes=len(b"<p>hello</p>")).body == b"<p>hello</p>"


def test_a_slow_server_times_out(base):
    started = time.monotonic()
    with pytest.raises(OutboundError) as raised:
        fetch(f"{base}/slow", timeout=0.3)
    assert raised.value.reason.startswith("timed out")
    assert time.monotonic() - started < 1.5


def test_a_body_dripping_in_times_out_on_the_whole(base):
    started = time.monotonic()
    with pytest.raises(OutboundError) as raised:
        fetch(f"{base}/drip", timeout=0.5)
    assert raised.value.reason.startswith("timed out")
    assert time.monotonic() - started < 2


def test_a_closed_port_is_an_error_with_a_sentence(base):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(OutboundError) as raised:
        fetch(f"http://127.0.0.1:{port}/", timeout=2)
    assert raised.value.reason == f"Could not connect to 127.0.0.1:{port}."


# What is refused, before any connection


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/file",
        "javascript:alert(1)",
        "gopher://example.org/",
        "data:text/html,<p>hi</p>",
        "//example.org/",
        "example.org",
        "",
        "http://",
        "http:///path",
        "http://example.org:99999/",
    ],
)
def test_anything_but_a_web_address_is_refused(url, no_connections):
    with pytest.raises(BlockedAddress):
        fetch(url)
    assert no_connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@example.org/",
        "http://user@example.org/",
        "https://:secret@example.org/",
        "http://example.org@10.0.0.1/",
    ],
)
def test_addresses_with_user_information_are_refused(url, no_connections):
    with pytest.raises(BlockedAddress) as raised:
        fetch(url)
    assert raised.value.reason == "Addresses with a user name or password are not fetched."
    assert no_connections == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/", "10.0.0.1 is a private address: it is not fetched."),
        ("http://192.168.1.1/", "192.168.1.1 is a private address: it is not fetched."),
        ("http://172.16.5.4:8080/", "172.16.5.4 is a private address: it is not fetched."),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address: it is not fetched.",
        ),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address: it is not fetched."),
        ("http://[::1]/", "::1 is a loopback address: it is not fetched."),
        ("http://[fd00::1]/", "fd00::1 is a private address: it is not fetched."),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is a private address: it is not fetched."),
        ("http://100.64.0.1/", "100.64.0.1 is not a public address: it is not fetched."),
        ("http://240.0.0.1/", "240.0.0.1 is a reserved address: it is not fetched."),
    ],
)
def test_refused_ranges_are_refused_before_connecting(url, reason, no_connections):
    started = time.monotonic()
    with pytest.raises(BlockedAddress) as raised:
        fetch(url)
    assert raised.value.reason == reason
    assert no_connections == []
    assert time.monotonic() - started < 1


def test_loopback_is_refused_unless_tests_allow_it(server, settings, no_connections):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    server.requests.clear()
    for url in (
        f"http://127.0.0.1:{server.server_port}/ok",
        f"http://localhost:{server.server_port}/ok",
        "http://127.1.2.3/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://[::ffff:127.0.0.1]/",
    ):
        with pytest.raises(BlockedAddress) as raised:
            fetch(url)
        assert "is a loopback address" in raised.value.reason
    assert no_connections == []
    assert server.requests == []


def test_allowing_loopback_still_refuses_private_ranges(settings, no_connections):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    for url in ("http://10.0.0.1/", "http://192.168.0.1/", "http://169.254.169.254/"):
        with pytest.raises(BlockedAddress):
            fetch(url)
    assert no_connections == []


@pytest.mark.parametrize(
    "route", ["/to-private", "/to-metadata", "/to-file", "/to-userinfo", "/to-nonsense"]
)
def test_a_redirect_to_a_refused_address_is_refused(base, server, route, monkeypatch):
    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address[0])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    with pytest.raises(BlockedAddress):
        fetch(f"{base}{route}")
    assert connected == ["127.0.0.1"]  # the first hop only
    assert [path for _, path, _ in server.requests] == [route]


def test_a_name_resolving_to_a_private_address_is_refused(resolve, no_connections):
    resolve({"evil.example": ["10.1.2.3"]})
    with pytest.raises(BlockedAddress) as raised:
        fetch("http://evil.example/")
    assert raised.value.reason == "evil.example (10.1.2.3) is a private address: it is not fetched."
    assert no_connections == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(resolve, no_connections):
    resolve({"evil.example": ["93.184.215.14", "10.1.2.3"]})
    with pytest.raises(BlockedAddress):
        fetch("https://evil.example/")
    assert no_connections == []


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(
    server, settings, resolve, no_connections
):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    server.requests.clear()
    resolve({"evil.example": ["127.0.0.1"]})
    with pytest.raises(BlockedAddress) as raised:
        fetch(f"http://evil.example:{server.server_port}/echo")
    assert "is a loopback address" in raised.value.reason
    assert no_connections == []
    assert server.requests == []


def test_the_connection_goes_to_the_checked_address_with_the_host_header(base, server, resolve):
    """DNS rebinding: the name resolves once; the next answer (private) is never used."""
    answers = iter([["127.0.0.1"], ["10.9.9.9"], ["10.9.9.9"]])
    looked_up = resolve({"evil.example": lambda: next(answers)})
    response = fetch(f"http://evil.example:{server.server_port}/echo")
    assert response.status == 200
    assert response.text() == (
        f"GET host=evil.example:{server.server_port} ua={outbound._user_agent()}"
    )
    assert response.url == f"http://evil.example:{server.server_port}/echo"
    assert looked_up.count("evil.example") == 1
    assert server.requests == [("GET", "/echo", f"evil.example:{server.server_port}")]


def test_a_unresolvable_name_is_an_error(resolve):
    def fail():
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    resolve({"nowhere.example": fail})
    with pytest.raises(OutboundError) as raised:
        fetch("http://nowhere.example/")
    assert raised.value.reason == "The host name nowhere.example could not be resolved."


@pytest.mark.parametrize(
    ("address", "allow_loopback", "refusal"),
    [
        ("93.184.215.14", False, ""),
        ("2606:4700:4700::1111", False, ""),
        ("127.0.0.1", True, ""),
        ("127.255.0.9", True, ""),
        ("::1", True, ""),
        ("::ffff:127.0.0.1", True, ""),
        ("127.0.0.1", False, "a loopback address"),
        ("10.0.0.1", True, "a private address"),
        ("fe80::1%eth0", False, "a link-local address"),
        ("224.0.0.251", False, "a multicast address"),
        ("ff02::1", False, "a multicast address"),
        ("::", False, "an unspecified address"),
        ("2002:a00:1::", False, "a private address"),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False, "a link-local address"),  # NAT64 of 169.254.169.254
        ("2001:db8::1", False, "a private address"),  # documentation
    ],
)
def test_which_addresses_are_refused(address, allow_loopback, refusal):
    assert outbound.refused(address, allow_loopback=allow_loopback) == refusal


# https: SNI and the certificate checked against the host name, at the checked address


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=jobs.example", "-addext", "subjectAltName=DNS:jobs.example",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = Server()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.server_names = []
    context.sni_callback = lambda sock, name, ctx: server.server_names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.cert = str(cert)
    with serving(server):
        yield server


@pytest.fixture
def trusted(https_server, settings, monkeypatch, resolve):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    monkeypatch.setattr(outbound, "ca_certs", lambda: https_server.cert)
    resolve({"jobs.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    https_server.requests.clear()
    https_server.server_names.clear()
    return https_server


def test_https_sends_sni_and_checks_the_certificate_for_the_name(trusted):
    response = fetch(f"https://jobs.example:{trusted.server_port}/echo")
    assert response.status == 200
    assert response.text().startswith(f"GET host=jobs.example:{trusted.server_port} ")
    assert trusted.server_names == ["jobs.example"]


def test_https_with_a_certificate_for_another_name_fails(trusted):
    with pytest.raises(OutboundError) as raised:
        fetch(f"https://other.example:{trusted.server_port}/echo")
    assert raised.value.reason.startswith("The secure connection to other.example failed")
    assert trusted.requests == []


def test_https_with_an_unknown_authority_fails(https_server, settings, resolve):
    settings.OUTBOUND_ALLOW_LOOPBACK = True
    resolve({"jobs.example": ["127.0.0.1"]})
    with pytest.raises(OutboundError) as raised:
        fetch(f"https://jobs.example:{https_server.server_port}/echo")
    assert raised.value.reason.startswith("The secure connection to jobs.example failed")
