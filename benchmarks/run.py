"""The portal's performance harness: every public page against a bare Django view (the floor).

    .venv/bin/python benchmarks/run.py --sizes 5000,50000

For each size N: a PostgreSQL database of its own (``<name>_<N>`` from ``--database-url``, created when
missing, seeded with N demo structures by ``seed_demo`` only when it does not hold them already), a
gunicorn of 2 workers on loopback with production settings (DEBUG=0, Redis cache), then, one client at
a time, each page's p50 and p95 against the floor (constant HTML of the page's size through the same
middleware, ``mess_portal/benchmark.py``), its SQL queries (cold: first request after the cache is
emptied; warm), its bytes and gzip bytes; a stream of distinct text searches (cold); and at the largest
size, ``--clients`` concurrent clients for ``--load-seconds`` on a mix of pages (throughput, errors,
workers' memory). The targets of issue 12 are checked at the largest size; the exit status is 1 when one
is missed, and the missed ones are listed. docs/performance.md keeps the latest output.
"""

import argparse
import gzip
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

# --- targets (issue 12), checked at the largest size -------------------------------------------------
DETAIL, LIST, SEARCH, MAP = "detail", "list", "search", "map"
RATIO_TARGETS = {DETAIL: 3.0, LIST: 5.0, SEARCH: 5.0, MAP: 10.0}
COLD_SEARCH_RATIO = 40.0
GROWTH_TARGET = 1.3
COLD_GROWTH_TARGET = 2.0
MAP_MAX_GZIP_BYTES = 64 * 1024
BASELINE_THROUGHPUT = 10.7  # requests/s under load before the work on issue 12 (the figure)
THROUGHPUT_FACTOR = 10
RSS_MAX_GROWTH = 1.5  # workers' memory after the load at most 1.5 times what it was before


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="numbers of structures, comma-separated")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mess_bench"),
        help="PostgreSQL URL; the size is appended to the database name (mess_bench_5000...)",
    )
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (after one warm-up)")
    parser.add_argument(
        "--cold-queries", type=int, default=30, help="distinct text searches in the cold stream"
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--load-seconds", type=float, default=60, help="0: no load test")
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args()


# --- database and server --------------------------------------------------------------------------


def database_url(base: str, size: int) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def ensure_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"  created database {name}")


def query(url: str, sql: str, params=()):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def server_env(url: str, args) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-not-secret-" + "b" * 40,
            "CACHE_URL": args.cache_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_CONN_MAX_AGE": "60",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": "WARNING",
            "BENCHMARK": "1",
        }
    )
    return env


def manage(env, *argv) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *argv], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(url: str, size: int, env) -> None:
    ensure_database(url)
    manage(env, "migrate", "--no-input", "-v0")
    demo = query(url, "SELECT count(*) FROM actors_actor WHERE is_demo")[0][0]
    if not size <= demo <= size + 100:  # the support catalogue adds a few demo organisations of its own
        started = time.perf_counter()
        manage(env, "seed_demo", "--actors", str(size))
        print(f"  seed_demo --actors {size}: {time.perf_counter() - started:.0f} s")
    manifest = ROOT / "var" / "bench-static" / "staticfiles.json"
    newest = max(p.stat().st_mtime for p in ROOT.glob("**/static/**/*") if ".venv" not in p.parts)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        manage(env, "collectstatic", "--no-input", "-v0")


def flush_cache(cache_url: str) -> None:
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def start_server(env, args):
    process = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "mess_portal.wsgi",
            f"--bind=127.0.0.1:{args.port}",
            f"--workers={args.workers}",
            "--timeout=120",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, *_ = request(Connection(args.port), "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer /healthz within 60 s")


def worker_rss_mb(master_pid: int) -> list[float]:
    sizes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sorted(sizes)


# --- HTTP ------------------------------------------------------------------------------------------


class Connection:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = self.conn.getresponse()
            return response, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


def request(conn, path):
    """(status, seconds, body, query count)"""
    started = time.perf_counter()
    response, body = conn.get(path)
    elapsed = time.perf_counter() - started
    return response.status, elapsed, body, int(response.getheader("X-Query-Count") or -1)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def floor_path(size):
    return f"/fr/__floor__/{size}/"


def time_path(conn, path, repeat):
    """Cold (first request after the cache was emptied) and warm timings of one page, each warm request
    followed by one of the floor of the same size: both see the same load of the machine."""
    status, first, body, cold_queries = request(conn, path)
    floor = floor_path(len(body))
    request(conn, floor)
    times, floors, queries = [], [], set()
    for _ in range(repeat):
        status, elapsed, body, count = request(conn, path)
        times.append(elapsed * 1000)
        queries.add(count)
        floors.append(request(conn, floor)[1] * 1000)
    return {
        "status": status,
        "first_ms": first * 1000,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "floor": statistics.median(floors),
        "cold_queries": cold_queries,
        # The steady state: a worker's first request may read what the process then keeps.
        "queries": min(queries),
        "bytes": len(body),
        "gzip": len(gzip.compress(body, 6)),
    }


# --- pages -----------------------------------------------------------------------------------------


def pages(url):
    """(label, path, category) of the pages timed, with real slugs of this database."""

    def first(sql):
        rows = query(url, sql)
        return rows[0][0] if rows else ""

    actor = first("SELECT slug FROM actors_actor WHERE status = 'published' AND is_demo ORDER BY id LIMIT 1")
    document = first("SELECT slug FROM library_document WHERE status = 'published' ORDER BY id LIMIT 1")
    event = first("SELECT slug FROM events_event WHERE status = 'published' ORDER BY starts_at DESC LIMIT 1")
    service = first("SELECT slug FROM support_supportservice WHERE is_published ORDER BY id LIMIT 1")
    province = first("SELECT slug FROM mess_portal_province ORDER BY code LIMIT 1")
    two_filters = f"family=cooperative&province={province}"
    return [
        ("home", "/fr/", DETAIL),
        ("home (ar)", "/ar/", DETAIL),
        ("structure page", f"/fr/acteurs/{actor}/", DETAIL),
        ("directory, no filter", "/fr/acteurs/", LIST),
        ("directory, family + province", f"/fr/acteurs/?{two_filters}", LIST),
        ("directory, page 100", "/fr/acteurs/?page=100", LIST),
        ("search q=cooperative", "/fr/acteurs/?q=cooperative", SEARCH),
        ("search + family + province", f"/fr/acteurs/?q=cooperative&{two_filters}", SEARCH),
        ("search (ar) تعاونية", "/ar/acteurs/?q=" + urllib.parse.quote("تعاونية"), SEARCH),
        ("map data, one province", f"/fr/acteurs/carte.json?province={province}", MAP),
        ("map data, all", "/fr/acteurs/carte.json", MAP),
        ("support catalogue", "/fr/accompagnement/", LIST),
        ("support, guided search", "/fr/accompagnement/?stage=idee&need=financement&commune=tanger", LIST),
        ("support service page", f"/fr/accompagnement/{service}/", DETAIL),
        ("library", "/fr/bibliotheque/", LIST),
        ("library search", "/fr/bibliotheque/?q=cooperatives", SEARCH),
        ("document page", f"/fr/bibliotheque/{document}/", DETAIL),
        ("events list", "/fr/evenements/", LIST),
        ("event page", f"/fr/evenements/{event}/", DETAIL),
        ("observatory: Panorama", "/fr/observatoire/", DETAIL),
        ("observatory: Atlas", "/fr/observatoire/atlas/", DETAIL),
        ("observatory: province", f"/fr/observatoire/provinces/{province}/", DETAIL),
    ]


COLD_WORDS = [
    "baraka", "amal", "nour", "khair", "safaa", "wahda", "nahda", "fath", "tifaouine", "izdihar",
    "tadamoun", "yasmine", "mostakbal", "rif", "jbala", "massira", "nakhla", "hidaya", "fajr", "tawasoul",
    "miel", "tissage", "argan", "pêche", "olive", "fromage", "couscous", "poterie", "plantes", "tourisme",
    "البركة", "الأمل", "النور", "الخير", "التضامن", "الفلاحية", "الصيد", "النسيج",
]  # fmt: skip


def cold_search_paths(url, count):
    provinces = [row[0] for row in query(url, "SELECT slug FROM mess_portal_province ORDER BY code")]
    families = ["cooperative", "association"]
    rng = random.Random(12)
    seen, paths = set(), []
    while len(paths) < count:
        words = " ".join(rng.sample(COLD_WORDS, 2))
        params = {"q": words, "family": rng.choice(families), "province": rng.choice(provinces)}
        key = tuple(params.values())
        if key not in seen:
            seen.add(key)
            paths.append("/fr/acteurs/?" + urllib.parse.urlencode(params))
    return paths


def load_mix(url):
    slugs = [
        row[0]
        for row in query(
            url, "SELECT slug FROM actors_actor WHERE status = 'published' AND is_demo ORDER BY id LIMIT 300"
        )
    ]
    provinces = [row[0] for row in query(url, "SELECT slug FROM mess_portal_province ORDER BY code")]
    searches = [
        f"/fr/acteurs/?q={word}&family=cooperative&province={province}"
        for word in ("cooperative", "baraka", "miel", "argan", "tissage")
        for province in provinces
    ]
    fixed = ["/fr/", "/ar/", "/fr/acteurs/", "/fr/accompagnement/", "/fr/bibliotheque/", "/fr/evenements/",
             "/fr/observatoire/", f"/fr/acteurs/carte.json?province={provinces[0]}"]  # fmt: skip
    return lambda rng: rng.choice(
        [rng.choice(searches), rng.choice(searches), rng.choice(fixed), f"/fr/acteurs/{rng.choice(slugs)}/"]
    )


def load_test(port, pick, clients, seconds):
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    totals = {"requests": 0, "errors": 0, "times": []}

    def client(number):
        rng = random.Random(number)
        conn = Connection(port)
        times, errors = [], 0
        while time.monotonic() < stop:
            path = pick(rng)
            try:
                status, elapsed, _body, _queries = request(conn, path)
                if status != 200:
                    errors += 1
                times.append(elapsed * 1000)
            except (OSError, http.client.HTTPException):
                errors += 1
        with lock:
            totals["requests"] += len(times)
            totals["errors"] += errors
            totals["times"] += times

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = totals["times"] or [0]
    return {
        "requests": totals["requests"],
        "errors": totals["errors"],
        "throughput": totals["requests"] / elapsed,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
    }


# --- one size ------------------------------------------------------------------------------------


def run_size(size, args, with_load):
    url = database_url(args.database_url, size)
    env = server_env(url, args)
    print(f"\n== {size} structures ({urllib.parse.urlsplit(url).path.lstrip('/')})")
    prepare(url, size, env)
    flush_cache(args.cache_url)
    server = start_server(env, args)
    try:
        conn = Connection(args.port)
        results = {}
        print(
            f"{'page':32} {'p50 ms':>7} {'p95 ms':>7} {'floor':>6} {'ratio':>6} {'cold ms':>8} "
            f"{'queries':>9} {'KB':>6} {'gzip KB':>8} {'status':>6}"
        )
        for label, path, category in pages(url):
            figures = time_path(conn, path, args.repeat)
            figures["ratio"] = figures["p50"] / figures["floor"]
            figures["category"] = category
            figures["path"] = path
            results[label] = figures
            print(
                f"{label:32} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['floor']:6.2f} "
                f"{figures['ratio']:6.1f} {figures['first_ms']:8.1f} "
                f"{figures['cold_queries']:>4}/{figures['queries']:<4} {figures['bytes'] / 1024:6.1f} "
                f"{figures['gzip'] / 1024:8.1f} {figures['status']:6}"
            )
        cold_times, cold_floors, cold_queries, cold_status = [], [], set(), set()
        for path in cold_search_paths(url, args.cold_queries):
            status, elapsed, body, count = request(conn, path)
            cold_times.append(elapsed * 1000)
            cold_queries.add(count)
            cold_status.add(status)
            cold_floors.append(request(conn, floor_path(len(body)))[1] * 1000)
        cold_floor = statistics.median(cold_floors)
        cold = {
            "p50": statistics.median(cold_times),
            "p95": percentile(cold_times, 0.95),
            "floor": cold_floor,
            "ratio": statistics.median(cold_times) / cold_floor,
            "queries": sorted(cold_queries),
            "status": sorted(cold_status),
        }
        print(
            f"{'cold text search + 2 filters':32} {cold['p50']:7.1f} {cold['p95']:7.1f} {cold_floor:6.2f} "
            f"{cold['ratio']:6.1f} ({args.cold_queries} distinct queries; queries {cold['queries']}, "
            f"status {cold['status']})"
        )
        load = None
        if with_load and args.load_seconds > 0:
            rss_before = worker_rss_mb(server.pid)
            load = load_test(args.port, load_mix(url), args.clients, args.load_seconds)
            load["rss_before"], load["rss_after"] = rss_before, worker_rss_mb(server.pid)
            print(
                f"\nload: {args.clients} clients, {args.load_seconds:.0f} s, mix of pages: "
                f"{load['throughput']:.0f} requests/s, {load['requests']} requests, {load['errors']} errors, "
                f"median {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms; workers' RSS "
                f"{', '.join(f'{mb:.0f}' for mb in load['rss_before'])} MB before, "
                f"{', '.join(f'{mb:.0f}' for mb in load['rss_after'])} MB after"
            )
        return {"pages": results, "cold": cold, "load": load}
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- targets --------------------------------------------------------------------------------------


def check(runs, sizes):
    missed = []
    largest = runs[sizes[-1]]
    for label, figures in largest["pages"].items():
        limit = RATIO_TARGETS[figures["category"]]
        if figures["status"] != 200:
            missed.append(f"{label}: status {figures['status']}")
        if figures["ratio"] > limit:
            missed.append(f"{label}: {figures['ratio']:.1f}x the floor (target {limit:g}x)")
        if figures["category"] == MAP and figures["gzip"] > MAP_MAX_GZIP_BYTES:
            missed.append(
                f"{label}: {figures['gzip'] / 1024:.0f} KB gzipped (target {MAP_MAX_GZIP_BYTES // 1024} KB)"
            )
    if largest["cold"]["ratio"] > COLD_SEARCH_RATIO:
        missed.append(
            f"cold text search: {largest['cold']['ratio']:.1f}x the floor (target {COLD_SEARCH_RATIO:g}x)"
        )
    if len(sizes) > 1:
        small = runs[sizes[0]]
        for label, figures in largest["pages"].items():
            before = small["pages"].get(label)
            if not before:
                continue
            figures["growth"] = figures["ratio"] / before["ratio"]
            if figures["growth"] > GROWTH_TARGET:
                missed.append(f"{label}: growth {figures['growth']:.2f} (target {GROWTH_TARGET})")
            if figures["queries"] > before["queries"]:
                missed.append(
                    f"{label}: {before['queries']} queries at {sizes[0]}, {figures['queries']} at {sizes[-1]} "
                    "(must not grow with size)"
                )
        largest["cold"]["growth"] = largest["cold"]["ratio"] / small["cold"]["ratio"]
        if largest["cold"]["growth"] > COLD_GROWTH_TARGET:
            missed.append(
                f"cold text search: growth {largest['cold']['growth']:.2f} (target {COLD_GROWTH_TARGET})"
            )
    load = largest["load"]
    if load:
        if load["errors"]:
            missed.append(f"load: {load['errors']} errors")
        if load["throughput"] < BASELINE_THROUGHPUT * THROUGHPUT_FACTOR:
            missed.append(
                f"load: {load['throughput']:.0f} requests/s (target {BASELINE_THROUGHPUT * THROUGHPUT_FACTOR:.0f})"
            )
        if load["rss_before"] and sum(load["rss_after"]) > RSS_MAX_GROWTH * sum(load["rss_before"]):
            missed.append("load: the workers' memory grew by more than half")
    return missed


def summary(runs, sizes):
    largest = runs[sizes[-1]]
    small = runs[sizes[0]] if len(sizes) > 1 else None
    head = f"{'page':32} {'target':>7}"
    if small:
        head += f" {f'{sizes[0]} ms':>10} {'ratio':>6}"
    head += f" {f'{sizes[-1]} ms':>10} {'ratio':>6} {'growth':>7}"
    print(f"\n== summary (ratio = p50 / floor of the same size in the same run; growth of the ratio)\n{head}")
    for label, figures in largest["pages"].items():
        line = f"{label:32} {RATIO_TARGETS[figures['category']]:6g}x"
        if small and label in small["pages"]:
            line += f" {small['pages'][label]['p50']:10.1f} {small['pages'][label]['ratio']:6.1f}"
        line += f" {figures['p50']:10.1f} {figures['ratio']:6.1f} {figures.get('growth', float('nan')):7.2f}"
        print(line)
    cold = largest["cold"]
    line = f"{'cold text search + 2 filters':32} {COLD_SEARCH_RATIO:6g}x"
    if small:
        line += f" {small['cold']['p50']:10.1f} {small['cold']['ratio']:6.1f}"
    print(line + f" {cold['p50']:10.1f} {cold['ratio']:6.1f} {cold.get('growth', float('nan')):7.2f}")


def machine():
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs ({cpu}), load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"


def main():
    args = parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    started = time.monotonic()
    pg = query(args.database_url.rsplit("/", 1)[0] + "/postgres", "SHOW server_version")[0][0]
    print(
        f"machine: {machine()}; PostgreSQL {pg}; gunicorn {args.workers} workers; {args.repeat} runs a page"
    )
    runs = {size: run_size(size, args, with_load=size == sizes[-1]) for size in sizes}
    missed = check(runs, sizes)  # computes the growths the summary prints
    summary(runs, sizes)
    print(f"\nmachine at the end: {machine()}; {time.monotonic() - started:.0f} s in all")
    if args.json:
        Path(args.json).write_text(json.dumps({str(k): v for k, v in runs.items()}, indent=1, default=str))
    if missed:
        print("\nTARGETS MISSED:\n  " + "\n  ".join(missed))
        sys.exit(1)
    print("\nevery target met")


if __name__ == "__main__":
    main()
