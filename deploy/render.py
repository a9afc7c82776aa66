"""Render the nginx site of deploy/nginx/ with this machine's names, ports and paths.

    python3 deploy/render.py --out /etc/nginx/mess --set SERVER_NAME=mess.example.org \
        [--tls | --plain-http] [--set NAME=value ...]

writes into --out: mess.conf (the site: link it from /etc/nginx/sites-enabled/), mess-maps.conf,
mess-locations.conf and mess-media.conf (the filesystem or S3 variant, per MEDIA_STORAGE). Every
``{{NAME}}`` must have a value (the defaults below, or --set); an unknown --set name is an error. The
tests (tests/deploy/) render the same files with their own ports and paths.
"""

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "nginx"
PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")

DEFAULTS = {
    "SERVER_NAME": "mess.example.org",
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    # Comma-separated host:port of the gunicorn instances (two or more: see docs/deploy.md).
    "APP_SERVERS": "127.0.0.1:8000",
    "NGINX_DIR": "/etc/nginx/mess",
    "STATIC_ROOT": "/srv/mess/var/static",
    "MEDIA_ROOT": "/srv/mess/var/media",
    "PRIVATE_ROOT": "/srv/mess/var/private",
    "LIBRARY_SENDFILE_PREFIX": "/protected-media/",
    "PRIVATE_SENDFILE_PREFIX": "/protected-private/",
    # LIBRARY_MAX_PDF_MB (150) and the rest of the form.
    "CLIENT_MAX_BODY_SIZE": "160m",
    "TLS_CERTIFICATE": "/etc/letsencrypt/live/mess.example.org/fullchain.pem",
    "TLS_CERTIFICATE_KEY": "/etc/letsencrypt/live/mess.example.org/privkey.pem",
    # The scheme told to Django: nginx's own, or the load balancer's ($http_x_forwarded_proto).
    "FORWARDED_PROTO": "$scheme",
    "MEDIA_STORAGE": "filesystem",
    # With MEDIA_STORAGE=s3: the bucket's media/ prefix, e.g. https://s3.fr-par.scw.cloud/mess/media
    "S3_MEDIA_URL": "",
}


def render_text(text: str, values: dict) -> str:
    def value(match):
        name = match.group(1)
        if name not in values or values[name] == "":
            raise SystemExit(f"render.py: {{{{{name}}}}} has no value (--set {name}=...)")
        return values[name]

    return PLACEHOLDER.sub(value, text)


def render(out: Path, *, tls: bool, overrides: dict) -> Path:
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise SystemExit(f"render.py: unknown names {', '.join(sorted(unknown))}")
    values = {**DEFAULTS, **overrides, "NGINX_DIR": str(out)}
    if values["MEDIA_STORAGE"] not in ("filesystem", "s3"):
        raise SystemExit("render.py: MEDIA_STORAGE must be filesystem or s3")
    for path in ("STATIC_ROOT", "MEDIA_ROOT", "PRIVATE_ROOT", "S3_MEDIA_URL"):
        values[path] = values[path].rstrip("/")
    servers = [s.strip() for s in values["APP_SERVERS"].split(",") if s.strip()]
    values["APP_SERVERS"] = "\n".join(f"    server {s} max_fails=3 fail_timeout=10s;" for s in servers)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "mess.conf": "mess-tls.conf.in" if tls else "mess-http.conf.in",
        "mess-maps.conf": "mess-maps.conf.in",
        "mess-locations.conf": "mess-locations.conf.in",
        "mess-media.conf": f"mess-media-{values['MEDIA_STORAGE']}.conf.in",
    }
    for target, source in files.items():
        (out / target).write_text(render_text((HERE / source).read_text(), values))
    return out / "mess.conf"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the files into")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--tls", action="store_true", default=True, help="HTTPS site (the default)")
    mode.add_argument("--plain-http", action="store_true", help="plain HTTP (behind a TLS load balancer)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=value")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set {item}: expected NAME=value")
        overrides[name] = value
    site = render(args.out.resolve(), tls=not args.plain_http, overrides=overrides)
    print(site)


if __name__ == "__main__":
    sys.exit(main())
