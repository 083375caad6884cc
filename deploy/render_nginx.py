"""Write the nginx configuration of deploy/nginx.conf.template for a set of app servers.

    python deploy/render_nginx.py --app 10.0.0.11:8000 --app 10.0.0.12:8000 \\
        --static /srv/jobboard/staticfiles --server-name jobs.example.org \\
        > /etc/nginx/sites-available/jobboard

``--standalone`` wraps it in a whole nginx.conf (events, http, pid and log paths under
``--prefix``), which is how ``make bench-scale`` runs a throwaway nginx of its own.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"


def render(
    apps: list[str],
    static_root: str,
    listen: str = "80",
    server_name: str = "_",
    cache_dir: str = "/var/cache/nginx/jobboard",
    unlimited: str = "",
) -> str:
    """The site configuration; ``unlimited``: comma-separated addresses (or CIDR ranges)
    exempt from the rate limits."""
    exempt = [address.strip() for address in unlimited.split(",") if address.strip()]
    upstreams = "\n".join(f"    server {app} max_fails=3 fail_timeout=10s;" for app in apps)
    fields = {
        "UPSTREAM_SERVERS": upstreams,
        "STATIC_ROOT": static_root.rstrip("/"),
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "CACHE_DIR": cache_dir,
        "UNLIMITED_ADDRESSES": "\n".join(f"    {address} 0;" for address in exempt)
        or "    # (none)",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    if re.search(r"\{\{[A-Z_]+\}\}", text):
        raise ValueError("a field of the template was left unfilled")
    return text


def standalone(site: str, prefix: Path) -> str:
    """A whole nginx.conf around ``site`` whose files all live under ``prefix``."""
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{site}
}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", action="append", required=True, help="host:port of an app server")
    parser.add_argument("--static", required=True, help="STATIC_ROOT (collectstatic's output)")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/jobboard")
    parser.add_argument(
        "--unlimited", default="", help="addresses exempt from the rate limits (a,b/24,...)"
    )
    parser.add_argument("--standalone", type=Path, metavar="PREFIX")
    arguments = parser.parse_args()
    site = render(
        arguments.app,
        arguments.static,
        arguments.listen,
        arguments.server_name,
        arguments.cache_dir,
        arguments.unlimited,
    )
    print(standalone(site, arguments.standalone) if arguments.standalone else site)


if __name__ == "__main__":
    main()
