"""The site's one outbound HTTP client: the link checker and the page fetcher use it.

Every hop of a request (the first URL and each redirect's ``Location``) is checked before any
connection: an ``http``/``https`` address without user information, whose host resolves
(``socket.getaddrinfo``) only to public addresses (never private, loopback, link-local,
multicast, reserved or unspecified ones, nor IPv6 forms that embed them). The connection is then
made to the very address that was checked, never to a new resolution of the name (no window for
DNS rebinding), with the original ``Host`` header and, for https, the host name for SNI and for
the certificate check (certifi's authorities). A body is read in chunks up to ``max_bytes``,
at most ``max_redirects`` redirects are followed, and the whole request has ``timeout`` seconds.

``settings.OUTBOUND_ALLOW_LOOPBACK`` (tests only, never from the environment) lets loopback
addresses through, so that tests can talk to the HTTP servers they start on 127.0.0.1; private
ranges stay refused. ``settings.OUTBOUND_USER_AGENT`` names the site in every request.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

__all__ = [
    "BlockedAddress",
    "OutboundError",
    "Response",
    "TooLarge",
    "TooManyRedirects",
    "check_url",
    "fetch",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_BYTES = 64 * 1024
# Headers of the caller's that are not carried to another host by a redirect.
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
# Characters left as they are when a path is percent-encoded (RFC 3986's reserved and
# unreserved characters, and "%" for what is encoded already).
PATH_SAFE = "/%:@!$&'()*+,;=-._~?"
# NAT64's well-known prefix: the last 32 bits are an IPv4 address.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class OutboundError(Exception):
    """Any request that could not be made or completed: ``.reason`` is a short human sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class BlockedAddress(OutboundError):
    """Not an http(s) address, a bad URL, or a host that resolves to a refused range."""


class TooLarge(OutboundError):
    """The body is larger than the limit."""


class TooManyRedirects(OutboundError):
    """More redirects than allowed, or redirects in a loop."""


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes  # at most max_bytes (for HEAD: b"")
    redirects: tuple[str, ...]  # the URLs redirected through, in order (empty if none)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ("" when there is none)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def text(self) -> str:
        """The body decoded by the Content-Type's charset, else UTF-8 (errors replaced)."""
        return self.body.decode(_charset(self.headers.get("content-type", "")), errors="replace")


@dataclass(frozen=True)
class _Target:
    """One hop, checked: where to connect and what to ask for."""

    url: str
    scheme: str
    host: str  # the host name as checked (IDNA-encoded), no brackets
    port: int
    host_header: str
    path: str  # path and query, percent-encoded
    addresses: tuple[str, ...]  # the checked addresses to connect to, in resolver order


def fetch(
    url: str,
    *,
    method: str = "GET",
    timeout: float = 10.0,
    max_bytes: int = 2_000_000,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
) -> Response:
    """Request ``url`` and follow redirects; raise an ``OutboundError`` when that cannot be done.

    Any status is a ``Response`` (a 404 too): only what stops the request raises.
    """
    method = method.upper()
    deadline = time.monotonic() + timeout
    defaults = {
        "User-Agent": _user_agent(),
        "Accept": "*/*",
        # The body is counted as it arrives, so it is asked for as it is.
        "Accept-Encoding": "identity",
    }
    given = dict(headers or {})
    overridden = {name.lower() for name in given}
    request_headers = {
        **{name: value for name, value in defaults.items() if name.lower() not in overridden},
        **given,
    }

    redirects: list[str] = []
    seen = set()
    current = url
    while True:
        target = check_url(current)
        if (method, target.url) in seen:
            raise TooManyRedirects(f"The redirects go round in a loop (back to {target.url}).")
        seen.add((method, target.url))
        status, response_headers, body = _request(
            target, method, request_headers, deadline, timeout, max_bytes
        )
        location = response_headers.get("location", "").strip()
        if status not in REDIRECT_STATUSES or not location:
            return Response(
                url=target.url,
                status=status,
                headers=response_headers,
                body=body,
                redirects=tuple(redirects),
            )
        if len(redirects) >= max_redirects:
            raise TooManyRedirects(
                f"More than {max_redirects} redirect{'s' if max_redirects != 1 else ''}."
            )
        redirects.append(target.url)
        if status == 303 and method != "HEAD":
            method = "GET"
        try:
            following = urljoin(target.url, location)
        except ValueError:
            raise BlockedAddress("A redirect points to an address that is not valid.") from None
        if urlsplit(following).hostname != urlsplit(target.url).hostname:
            request_headers = {
                k: v for k, v in request_headers.items() if k.lower() not in CREDENTIAL_HEADERS
            }
        current = following


def check_url(url: str) -> _Target:
    """The hop to make for ``url``, every resolved address checked; else ``BlockedAddress``."""
    if not isinstance(url, str) or not url.strip():
        raise BlockedAddress("No address was given.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise BlockedAddress(f"This is not a valid web address ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BlockedAddress("Only http:// and https:// addresses can be fetched.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BlockedAddress("Addresses with a user name or password are not fetched.")
    if not parts.hostname:
        raise BlockedAddress("The address has no host name.")
    try:
        host = _ascii_host(parts.hostname)
    except UnicodeError:
        raise BlockedAddress(f"The host name {parts.hostname!r} is not valid.") from None
    port = port or DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise BlockedAddress("The port number is not valid.")

    addresses = _resolve(host, port)
    allow_loopback = bool(getattr(settings, "OUTBOUND_ALLOW_LOOPBACK", False))
    for address in addresses:
        refusal = refused(address, allow_loopback=allow_loopback)
        if refusal:
            which = host if address == host else f"{host} ({address})"
            raise BlockedAddress(f"{which} is {refusal}: it is not fetched.")

    literal = ":" in host  # an IPv6 address
    name = f"[{host}]" if literal else host
    host_header = name if port == DEFAULT_PORTS[scheme] else f"{name}:{port}"
    path = quote(parts.path or "/", safe=PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=PATH_SAFE)
    normal = f"{scheme}://{host_header}{path}"
    return _Target(
        url=normal,
        scheme=scheme,
        host=host,
        port=port,
        host_header=host_header,
        path=path,
        addresses=tuple(dict.fromkeys(addresses)),
    )


def refused(address: str, *, allow_loopback: bool = False) -> str:
    """Why a resolved address is refused ("" when it may be connected to)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return refused(str(embedded), allow_loopback=allow_loopback)
    if ip.is_loopback:
        return "" if allow_loopback else "a loopback address"
    for test, words in (
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(ip, test):
            return words
    if not ip.is_global:
        return "not a public address"
    return ""


def _embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, Teredo, NAT64), else None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _ascii_host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if not host:
        raise UnicodeError("empty host")
    if host.isascii():
        return host
    return host.encode("idna").decode("ascii")


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise OutboundError(f"The host name {host} could not be resolved.") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise OutboundError(f"The host name {host} could not be resolved.")
    return addresses


def _request(target, method, request_headers, deadline, timeout, max_bytes):
    """One hop: (status, lower-cased headers, body), trying each checked address in turn."""
    last_error: OutboundError | None = None
    for address in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timed_out(target, timeout)
        pool = _pool(target, address, remaining)
        try:
            return _exchange(pool, target, method, request_headers, deadline, timeout, max_bytes)
        except _ConnectFailed as failed:
            last_error = failed.error
        finally:
            pool.close()
    assert last_error is not None
    raise last_error


class _ConnectFailed(Exception):
    """No connection to this address: the next one may be tried."""

    def __init__(self, error: OutboundError):
        self.error = error


def _pool(target: _Target, address: str, remaining: float) -> urllib3.HTTPConnectionPool:
    options = {
        "host": address,
        "port": target.port,
        "maxsize": 1,
        "retries": False,
        "timeout": urllib3.Timeout(connect=remaining, read=remaining),
    }
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            **options,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs(),
        )
    return urllib3.HTTPConnectionPool(**options)


def ca_certs() -> str:
    """The certificate authorities https is checked against (certifi's bundle)."""
    return certifi.where()


def _exchange(pool, target, method, request_headers, deadline, timeout, max_bytes):
    try:
        response = pool.urlopen(
            method,
            target.path,
            headers={**request_headers, "Host": target.host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except Exception as error:
        outbound = _translate(error, target, timeout)
        if _is_connect_error(error):
            raise _ConnectFailed(outbound) from error
        raise outbound from error
    try:
        status = response.status
        # Repeated headers as one value, joined by ", " (as HTTP allows).
        headers = {name.lower(): value for name, value in response.headers.itermerged()}
        if method == "HEAD" or status in REDIRECT_STATUSES:
            return status, headers, b""
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"The page is larger than {_size(max_bytes)} ({_size(int(declared))}).")
        body = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timed_out(target, timeout)
            # Each wait for data is bounded by what is left of the whole request, and read1
            # returns what has arrived: a body dripping in cannot outlast the timeout.
            sock = getattr(response.connection, "sock", None)
            if sock is not None:
                sock.settimeout(remaining)
            try:
                chunk = response.read1(min(CHUNK_BYTES, max_bytes + 1 - len(body)))
            except Exception as error:
                raise _translate(error, target, timeout) from error
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise TooLarge(f"The page is larger than {_size(max_bytes)}.")
        return status, headers, bytes(body)
    finally:
        response.release_conn()
        response.close()


def _is_connect_error(error: BaseException) -> bool:
    if isinstance(error, MaxRetryError):
        error = error.reason or error
    return isinstance(error, urllib3.exceptions.NewConnectionError | ConnectionRefusedError)


def _translate(error: BaseException, target: _Target, timeout: float) -> OutboundError:
    if isinstance(error, OutboundError):
        return error
    if isinstance(error, MaxRetryError) and error.reason is not None:
        error = error.reason
    # urllib3's NewConnectionError (refused, unreachable) is a subclass of its timeout error.
    if isinstance(error, urllib3.exceptions.NewConnectionError | ConnectionError):
        return OutboundError(f"Could not connect to {target.host_header}.")
    if isinstance(error, Urllib3Timeout | TimeoutError | socket.timeout):
        return _timed_out(target, timeout)
    if isinstance(error, SSLError):
        return OutboundError(f"The secure connection to {target.host} failed ({error}).")
    if isinstance(error, Urllib3Error | OSError | ValueError):
        return OutboundError(f"The request to {target.host_header} failed ({error}).")
    raise error


def _timed_out(target: _Target, timeout: float) -> OutboundError:
    return OutboundError(f"timed out after {timeout:g} seconds waiting for {target.host_header}.")


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    if count >= 1000:
        return f"{count / 1000:g} kB"
    return f"{count} bytes"


def _charset(content_type: str) -> str:
    message = Message()
    message["content-type"] = content_type or "application/octet-stream"
    charset = message.get_content_charset() or "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"


def _user_agent() -> str:
    agent = getattr(settings, "OUTBOUND_USER_AGENT", "")
    if agent:
        return agent
    return f"AIJobsBoard/1.0 (+{getattr(settings, 'SITE_URL', '')}; link checker)"
