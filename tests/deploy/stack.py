"""Stand the documented stack up on loopback: nginx (rendered from deploy/nginx), gunicorn with
production settings, PostgreSQL (a database of its own on the shared server), Redis (the shared
server, a database number of its own), and an S3-compatible server (moto) when media go to a bucket.

Every server listens on a free port chosen at run time; every process and folder is removed by the
fixture's finaliser, even on failure, and the servers' logs are printed when something fails.
"""

import contextlib
import datetime
import http.client
import ipaddress
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import render  # noqa: E402  (deploy/render.py: the same renderer the README uses)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
POSTGRES_ADMIN_URL = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# The shared Redis; databases 11 and 12 belong to these tests (flushed when they start and end).
REDIS_SERVER = os.environ.get("STACK_REDIS_SERVER", "redis://127.0.0.1:6379")
SECRET_KEY = "stack-test-" + "k" * 60

# What the test run itself sets must not leak into the production processes started here.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "MEDIA_STORAGE",
    "LIBRARY_SENDFILE",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process=None, timeout: float = 30.0, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited ({process.returncode}):\n{read_log(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s:\n{read_log(log)}")


def read_log(path: Path | None) -> str:
    if path is None or not path.exists():
        return ""
    return path.read_text(errors="replace")[-6000:]


class Stack:
    """The processes and folders of one stack; ``close()`` stops and removes them all."""

    def __init__(self, name: str):
        self.base = Path(tempfile.mkdtemp(prefix=f"mess-{name}-"))
        # nginx's workers run as another user when the tests run as root: let them read the files.
        self.base.chmod(0o755)
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.logs: dict[str, Path] = {}
        self.cleanups = []
        self.env = {}

    # --- Processes ----------------------------------------------------------------------------
    def start(self, name: str, command: list[str], *, env=None, port=None, timeout=30.0):
        log = self.base / f"{name}.log"
        self.logs[name] = log
        handle = log.open("wb")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its children
        )
        handle.close()
        self.processes.append((name, process))
        if port is not None:
            wait_for_port(port, process=process, timeout=timeout, log=log)
        return process

    def stop(self, name: str):
        for label, process in self.processes:
            if label == name:
                _stop(process)

    def app_env(self, **extra) -> dict:
        clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        return {**clean, **self.env, **extra}

    def manage(self, *args, input_text=None, **extra):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.app_env(**extra),
            input=input_text,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code: str, **extra) -> str:
        return self.manage("shell", "--no-imports", "-c", code, **extra)

    def gunicorn(self, name: str, port: int, **extra):
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "mess_portal.wsgi",
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ]
        return self.start(name, command, env=self.app_env(**extra), port=port, timeout=60)

    def nginx(self, *, tls: bool, http_port: int, https_port: int | None = None, **values):
        conf_dir = self.base / "nginx"
        temp = self.base / "nginx-temp"
        temp.mkdir()
        if tls:
            certificate, key = self_signed_certificate(self.base / "tls")
            values.update(
                TLS_CERTIFICATE=str(certificate),
                TLS_CERTIFICATE_KEY=str(key),
                HTTPS_LISTEN=f"127.0.0.1:{https_port}",
            )
        site = render.render(
            conf_dir,
            tls=tls,
            overrides={"SERVER_NAME": "127.0.0.1", "HTTP_LISTEN": f"127.0.0.1:{http_port}", **values},
        )
        # The machine's own nginx.conf (Debian's) is not ours to change: a main file for this test.
        main = conf_dir / "nginx.conf"
        main.write_text(
            f"""
daemon off;
worker_processes 1;
pid {self.base}/nginx.pid;
error_log {self.base}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {self.base}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
        )
        self.logs["nginx-error"] = self.base / "nginx-error.log"
        check = subprocess.run(
            [NGINX, "-t", "-e", str(self.logs["nginx-error"]), "-c", str(main), "-p", str(self.base)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t:\n{check.stderr}")
        process = self.start(
            "nginx",
            [NGINX, "-e", str(self.logs["nginx-error"]), "-c", str(main), "-p", str(self.base)],
            port=http_port,
        )
        if https_port:
            wait_for_port(https_port, process=process, log=self.logs["nginx-error"])
        return process

    # --- Shared servers -----------------------------------------------------------------------
    def database(self) -> str:
        """A database of its own on the shared PostgreSQL, dropped at the end."""
        import psycopg

        name = f"mess_stack_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(_psycopg_dsn(POSTGRES_ADMIN_URL), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(_psycopg_dsn(POSTGRES_ADMIN_URL), autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self.cleanups.append(drop)
        parts = urlsplit(POSTGRES_ADMIN_URL)
        return parts._replace(path=f"/{name}").geturl()

    def redis(self, number: int) -> str:
        """A database number of the shared Redis for this stack, empty; its URL."""
        import redis

        url = f"{REDIS_SERVER}/{number}"
        client = redis.Redis.from_url(url)
        client.flushdb()
        self.cleanups.append(client.flushdb)
        self.cleanups.append(client.close)
        self.redis_client = client
        return url

    def s3(self, bucket: str) -> str:
        """moto's S3 server on a free loopback port, with an empty bucket; its endpoint URL."""
        port = free_port()
        # A process of its own (not a thread of the test run), like a real object store.
        code = (
            "from moto.server import ThreadedMotoServer; import time;"
            f"s = ThreadedMotoServer(ip_address='127.0.0.1', port={port}, verbose=False); s.start();"
            "time.sleep(10**6)"
        )
        self.start("s3", [sys.executable, "-c", code], env=self.app_env(), port=port)
        endpoint = f"http://127.0.0.1:{port}"
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=bucket)
        # The policy docs/deploy.md gives: anyone may read media/, except the library's PDFs.
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_media_policy(bucket)))
        return endpoint

    # --- End ----------------------------------------------------------------------------------
    def report(self) -> str:
        return "\n".join(f"----- {name} -----\n{read_log(path)}" for name, path in self.logs.items())

    def close(self):
        for _name, process in reversed(self.processes):
            _stop(process)
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:  # noqa: BLE001 - cleaning up must go on
                print(f"cleanup failed: {exc!r}")
        shutil.rmtree(self.base, ignore_errors=True)


def public_media_policy(bucket: str) -> dict:
    """Anyone may read the bucket's objects except the library's PDFs and the private files: those
    go out only through presigned links (which the owner's signature authorises)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "NotResource": [
                    f"arn:aws:s3:::{bucket}/media/library/documents/*",
                    f"arn:aws:s3:::{bucket}/private/*",
                ],
            }
        ],
    }


def _stop(process: subprocess.Popen):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _psycopg_dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, made here (no network, no system CA touched)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(mode=0o755)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class Response:
    def __init__(self, status, headers, body, cookies):
        self.status = status
        self.headers = headers
        self.body = body
        self.cookies = cookies  # name -> value, from Set-Cookie

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


def request(url: str, *, method="GET", headers=None, body=None, cafile=None) -> Response:
    """One HTTP request, nothing followed, nothing decompressed: what the server sent, as sent."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=cafile)
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, path, body=body, headers=headers or {})
        raw = connection.getresponse()
        data = raw.read()
        result, cookies = {}, {}
        for name, value in raw.getheaders():
            key = name.lower()
            if key == "set-cookie":
                cookie_name, _sep, rest = value.partition("=")
                cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            result[key] = f"{result[key]}, {value}" if key in result else value
        return Response(raw.status, result, data, cookies)
    finally:
        connection.close()


# --- Forms, as a browser submits them -----------------------------------------------------------
class _FormParser(HTMLParser):
    """The fields of one form (by id) with their current values, as a browser would send them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._select_values = []
        self._first_option = None
        self._option_value = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]
            self.fields += [(self._select, value or "") for value in values]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.fields


def multipart(fields: list[tuple[str, str]], files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body: ``files`` maps a field to (filename, content type, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
