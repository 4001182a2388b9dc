"""Benchmark of pages served by a real server: latency at 1 and 20 concurrent clients.

    .venv/bin/python bench/pages.py [--var DIR | --database-url URL] [--quick] [--page 500]

Starts gunicorn with two workers (``fazhi.wsgi``, DEBUG off) on 127.0.0.1 against the benchmark database
(``bench/common.py``), logs real clients in over HTTP (the login form with its CSRF token, one session per
client thread) and times, at 1 and at 20 concurrent clients, each request of:

1. the dashboard (数据看板) of the county ``demo`` as ``bureau``, and of the province ``zj`` as ``province``
   (when that account exists — it does in a database of ``bench/generate.py``);
2. the reconsideration case list (行政复议案件): page 1 as ``bureau``, and page 1 and page 500 with a filter
   (``state=archived`` by default) as ``province`` (else ``bureau``); when the filtered list has fewer than
   500 pages, the last page is asked for instead, and printed;
3. the detail page of one reconsideration case visible to ``bureau``.

Every response must be 200 and carry the page's marker (the dashboard's scope line, the list's "第 N / M 页",
the case number); anything else is a failure and the script exits 1. Prints p50, p95, mean and requests/s
per page and concurrency, the ratio p95 at 20 clients ÷ p95 at 1 client (side by side, same run), and the
SQL query count of each page measured once in-process (Django test client, same database) — the list's
page 1 and page N side by side, which must be equal. Targets (issue [6/6], at scale 1): dashboard and list
pages p95 under 200 ms at 20 concurrent clients; no list page's query count grows with the page number.

Why sync workers (``--worker-class`` to try another): a fazhi request is CPU-bound Python (the template and
the indicator engine) plus short queries on loopback; on a two-core machine two sync workers use both cores,
while threads in one worker share one GIL and add switching without adding throughput. With 20 clients and
two workers, 18 requests wait in the listen backlog — that queueing is what the 20-client figures show.
Static files are not benchmarked.
"""

import argparse
import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PASSWORD, ROOT, add_db_arguments, db_environ, header, setup_django, summary, verdict  # noqa: E402

PORTS = range(18100, 18200)
TARGET_MS = 200
ROW_COUNT = re.compile(r'data-testid="row-count">共 (\d+) 条')
PAGE_OF = re.compile(r"第 (\d+) / (\d+) 页")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the server -------------------------------------------------------------------------------------------


def free_port():
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("端口18100–18199均被占用。")


class Server:
    """gunicorn fazhi.wsgi in its own session (Ctrl-C reaches us, not it); stopped by ``stop()``."""

    def __init__(self, args):
        self.port = args.port or free_port()
        env = {**os.environ, **db_environ(args)}
        if not args.database_url:
            env.pop("FAZHI_DATABASE_URL", None)
        env.pop("FAZHI_DEBUG", None)
        self.log = tempfile.NamedTemporaryFile(prefix="fazhi-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        cmd = [
            sys.executable, "-m", "gunicorn", "fazhi.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(args.workers),
            "--worker-class", args.worker_class,
            "--threads", str(args.threads),
            "--timeout", "300",
            "--chdir", str(ROOT),
        ]
        self.describe = f"gunicorn {args.workers} × {args.worker_class}" + (f" × {args.threads} threads" if args.threads > 1 else "")
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn 启动失败（退出码 {self.proc.returncode}）：\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/login/")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn 在 {timeout} 秒内未响应：\n{self.tail()}")

    def tail(self, n=30):
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-n:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to the master: it stops its workers
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# --- the clients ------------------------------------------------------------------------------------------


class Session:
    """One browser: its own cookies (session and CSRF), one HTTP connection re-opened when the server closes it."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = None

    def request(self, method, url, body=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        for attempt in (0, 1):  # a kept-alive connection the server has meanwhile closed: open a new one once
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            try:
                self.conn.request(method, url, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, response.headers, data.decode("utf-8", errors="replace")

    def login(self, username):
        status, _, body = self.request("GET", "/login/")
        token = CSRF_INPUT.search(body)
        if status != 200 or token is None:
            raise RuntimeError(f"登录页异常：HTTP {status}")
        status, headers, _ = self.request(
            "POST", "/login/", {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD, "next": ""}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} 登录失败：HTTP {status}（应为302并设置会话）")
        return self


def run_clients(sessions, url, check, per_client):
    """Each session in its own thread requests ``url`` ``per_client`` times, all starting together.
    Returns (latencies in ms, failures, wall seconds)."""
    latencies, failures = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(len(sessions) + 1)

    def client(session):
        barrier.wait()
        for _ in range(per_client):
            t = time.perf_counter()
            try:
                status, _, body = session.request("GET", url)
                problem = None if status == 200 else f"HTTP {status}"
                problem = problem or check(body)
            except Exception as e:  # noqa: BLE001 — a broken request is reported, not raised from a thread
                problem = f"{type(e).__name__}: {e}"
            ms = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(ms)
                if problem:
                    failures.append(problem)

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in sessions]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, failures, time.perf_counter() - t0


# --- the pages --------------------------------------------------------------------------------------------


def contains(*markers):
    def check(body):
        missing = [m for m in markers if m not in body]
        return f"缺少标记 {missing[0]!r}" if missing else None

    return check


def plan(args):
    """The pages to time, their in-process query counts and the list's page numbers (Django set up here)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.models import LocalRule, Org, User
    from fazhi.indicators.dashboard import top_org, visible_orgs
    from fazhi.reconsideration.models import ReconsiderationCase

    year = args.year or date.today().year - 1
    # Twenty clients share one account here, which a deployment's rule of one session per account would end one
    # after another: the benchmark's database lifts the rule for its whole tree.
    for root in Org.objects.filter(parent=None):
        LocalRule.objects.update_or_create(org=root, key="sessions_per_account", defaults={"value": "0", "basis": "基准测试：一个账户多个客户端"})
    users = {u.username: u for u in User.objects.filter(username__in=["bureau", "province"])}
    if "bureau" not in users:
        raise SystemExit("数据库中没有 bureau 账户：请先运行 fazhi demo 或 bench/generate.py。")
    notes = []
    if "province" not in users:
        notes.append("数据库中没有 province 账户：跳过省级看板，第N页以 bureau 身份请求。")
    elif "zj" not in {o.code for o in visible_orgs(users["province"])}:
        scope = top_org(visible_orgs(users["province"]))
        notes.append(f"province 账户看不到 zj（其角色的数据范围只到“{scope}”）：跳过省级看板，其列表也只含该范围。")
        users["province"].province_scope = False
    list_user = "province" if "province" in users else "bureau"
    case = ReconsiderationCase.objects.visible_to(users["bureau"], "view").order_by("-pk").first()
    if case is None:
        raise SystemExit("bureau 看不到任何行政复议案件。")

    clients = {}

    def in_process(username, url):
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(users[username])
        client = clients[username]
        client.get(url)  # warm: caches of roles, rules, templates
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} 以 {username} 身份在进程内返回 HTTP {response.status_code}")
        return len(queries), response.content.decode()

    list_url = "/reconsideration/"
    filtered = f"{list_url}?{args.filter}"
    # The page number asked for: args.page, or the filtered list's last page when it has fewer pages.
    _, body = in_process(list_user, filtered)
    m = PAGE_OF.search(body)
    last = int(m.group(2)) if m else 1
    page_n = min(args.page, last)
    if page_n < args.page:
        notes.append(f"筛选后的列表只有 {last} 页（不足 {args.page} 页），改为请求最后一页：第 {page_n} 页。")

    def list_check(number):
        return lambda body: None if (m := PAGE_OF.search(body)) and int(m.group(1)) == number else f"不是第 {number} 页"

    dash = f"/indicators/dashboard/?period=year&year={year}&org="
    pages = [("dashboard demo", "dashboard", "bureau", dash + "demo", contains('data-testid="dash-scope"'))]
    if "province" in users and getattr(users["province"], "province_scope", True):
        pages.append(("dashboard zj", "dashboard", "province", dash + "zj", contains('data-testid="dash-scope"')))
    pages += [
        ("list p1", "list", "bureau", list_url, list_check(1)),
        (f"list {args.filter} p1", "list", list_user, filtered, list_check(1)),
        (f"list {args.filter} p{page_n}", "list", list_user, f"{filtered}&page={page_n}", list_check(page_n)),
        ("case detail", "detail", "bureau", f"/reconsideration/{case.pk}/", contains('data-testid="history-tab"', html.escape(case.case_no))),
    ]
    out = []
    for label, kind, username, url, check in pages:
        queries, body = in_process(username, url)
        rows = ROW_COUNT.search(body)
        out.append(dict(label=label, kind=kind, user=username, url=url, check=check, queries=queries,
                        rows=int(rows.group(1)) if rows else None))
    connection.close()
    return out, notes, year, page_n


# --- main -------------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_db_arguments(parser)
    parser.add_argument("--quick", action="store_true", help="CI-sized: 10 requests at 1 client, 3 per client at 20")
    parser.add_argument("--n1", type=int, default=None, help="requests at 1 client (default 20; --quick 10)")
    parser.add_argument("--n20", type=int, default=None, help="requests per client at 20 clients (default 5; --quick 3)")
    parser.add_argument("--clients", type=int, default=20, help="the concurrent clients of the second run (default 20)")
    parser.add_argument("--page", type=int, default=500, help="the deep list page (default 500; the last page if fewer)")
    parser.add_argument("--filter", default="state=archived", help="the list filter of page 1 and page N (default state=archived)")
    parser.add_argument("--year", type=int, default=None, help="the dashboard's year (default: last year)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync; gthread with --threads)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=None, help="default: the first free port in 18100–18199")
    args = parser.parse_args(argv)
    n1 = args.n1 or (10 if args.quick else 20)
    n20 = args.n20 or (3 if args.quick else 5)

    vendor = setup_django(args)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    pages, notes, year, page_n = plan(args)

    # Ctrl-C (even when started in the background, where SIGINT comes ignored) and SIGTERM (a CI timeout,
    # kill) both run the finally below, which stops the server.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = Server(args)
    broken = []
    try:
        server.wait_ready()
        need = {p["user"] for p in pages}
        sessions = {u: [] for u in need}

        login_errors = []

        def log_in(username):
            try:
                sessions[username].append(Session(server.port).login(username))
            except Exception as e:  # noqa: BLE001 — reported below
                login_errors.append(f"{username}: {type(e).__name__}: {e}")

        threads = [threading.Thread(target=log_in, args=(u,), daemon=True) for u in need for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if login_errors:
            raise RuntimeError(f"{len(login_errors)} 个客户端登录失败，例如 {login_errors[0]}")

        for p in pages:  # warm both workers on every page
            _, failures, _ = run_clients(sessions[p["user"]][:args.workers * 2], p["url"], p["check"], 1)
            if failures:
                broken.append(f"{p['label']}: {failures[0]}")
        results = {}
        cpu0, wall0 = time.process_time(), time.perf_counter()
        if not broken:
            for clients, per_client in ((1, n1), (args.clients, n20)):
                for p in pages:
                    latencies, failures, wall = run_clients(sessions[p["user"]][:clients], p["url"], p["check"], per_client)
                    results[p["label"], clients] = (*summary(latencies), len(latencies) / wall, len(latencies))
                    print(f"  … {p['label']} × {clients}: p95 {results[p['label'], clients][2]:.0f} ms", file=sys.stderr, flush=True)
                    broken += [f"{p['label']} ×{clients}: {f}" for f in failures[:3]]
        client_cpu, timed_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    finally:
        server.stop()

    header(f"页面 — {server.describe}, 127.0.0.1, {year}年", vendor)
    print(f"  load average before / after: {load0:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(other work on the machine slows every figure)")
    if not broken:
        print(f"  the clients themselves used {client_cpu:.1f} s of CPU in {timed_wall:.0f} s of timed runs "
              f"({client_cpu / timed_wall:.0%} of one core, taken from the server's two)")
    for note in notes:
        print(f"  注：{note}")
    if broken:
        print("\n失败的请求：")
        for b in broken:
            print(f"  {b}")
        return 1

    width = max(len(p["label"]) for p in pages) + 2
    print(f"\n{'page':<{width}} {'user':<9} {'rows':>7} {'queries':>7} {'clients':>7} {'n':>5} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'req/s':>7}")
    for p in pages:
        for clients in (1, args.clients):
            mean, p50, p95, rps, n = results[p["label"], clients]
            rows = "" if p["rows"] is None else str(p["rows"])
            print(f"{p['label']:<{width}} {p['user']:<9} {rows:>7} {p['queries']:>7} {clients:>7} {n:>5} "
                  f"{p50:>8.1f} {p95:>8.1f} {mean:>8.1f} {rps:>7.1f}")
    print(f"\np95 at {args.clients} clients ÷ p95 at 1 client (side by side, same server, same run):")
    for p in pages:
        ratio = results[p["label"], args.clients][2] / results[p["label"], 1][2]
        print(f"  {p['label']:<{width}} {ratio:>6.1f}")

    budget = TARGET_MS * args.workers / args.clients
    print(f"  (queueing: {args.clients} clients on {args.workers} workers wait for about {args.clients / args.workers:.0f} "
          f"requests each, so p95 < {TARGET_MS} ms at {args.clients} clients needs a page served in ≲ {budget:.0f} ms of CPU)")

    lists = [p for p in pages if p["kind"] == "list"]
    deep, first = lists[-1], lists[-2]
    print(f"\nlist queries: page 1 {first['queries']}, page {page_n} {deep['queries']} "
          f"(as {deep['user']}, {args.filter}); page 1 as bureau {lists[0]['queries']}")
    print("\ntargets (issue [6/6]; stated for scale 1):")
    for p in pages:
        if p["kind"] in ("dashboard", "list"):
            p95 = results[p["label"], args.clients][2]
            print(verdict(p95 < TARGET_MS, f"{p['label']}: p95 < {TARGET_MS} ms at {args.clients} concurrent clients ({p95:.0f} ms)"))
    print(verdict(first["queries"] == deep["queries"], f"list query count same on page 1 and page {page_n} "
                                                         f"({first['queries']} and {deep['queries']})"))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\n已中断（服务器已停止）。", file=sys.stderr)
        sys.exit(130)
