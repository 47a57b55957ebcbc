#!/usr/bin/python3
"""fetch's benchmark suite (issue #6): fetch side by side with its peers, in one run.

Peers: `curl -Z --parallel-max J` (libcurl's own parallel mode, which parses no titles) and
the Python approach fetch grew out of (bench/baseline.py: ThreadPoolExecutor + requests +
lxml). nginx serves generated pages on 127.0.0.1-127.0.0.50; a delaying server (the test
server of tests/support) serves the latency-bound scenarios. Commands alternate (A B A B ...)
and each figure is the median of the runs; machines here are shared and noisy, so the ratios
are what to read. Only loopback addresses are used.

Started by bench/run, which installs the peers and builds fetch.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HOSTS = 50
HTTP_PORT = 18080
HTTPS_PORT = 18443
# S7: a domain list. Names under S7_PLAIN are served over http only (127.0.0.2), names under
# S7_TLS over https only (127.0.0.3), both on S7_PORT, answered by dnsmasq on S7_DNS:53.
S7_PLAIN, S7_TLS = "plain.s7.test", "tls.s7.test"
S7_PORT = 18081
S7_DNS = "127.53.0.7"
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"


def host(i):
    return f"127.0.0.{1 + i % HOSTS}"


def page(title, size, filler="Lorem ipsum dolor sit amet, consectetur adipiscing elit. "):
    head = f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{title}</title></head><body><main>"
    body = (filler * (size // len(filler) + 1))[: max(0, size - len(head) - 22)]
    return head + "<p>" + body + "</p></main></body></html>"


class Nginx:
    """nginx on 127.0.0.1-50: HTTP with keep-alive, and HTTPS where every request is a new
    connection with a full handshake (no keep-alive, no session cache, no tickets), as with
    thousands of distinct sites."""

    def __init__(self, root, delay_port):
        self.dir = root
        os.makedirs(f"{root}/html", exist_ok=True)
        os.makedirs(f"{root}/tmp", exist_ok=True)
        self._certificates()
        listen_http = "".join(f"    listen {host(i)}:{HTTP_PORT};\n" for i in range(HOSTS))
        listen_https = "".join(f"    listen {host(i)}:{HTTPS_PORT} ssl;\n" for i in range(HOSTS))
        temp = " ".join(f"{kind}_temp_path {root}/tmp;" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(f"{root}/nginx.conf", "w") as conf:
            conf.write(f"""worker_processes 2;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log;
worker_rlimit_nofile 65536;
events {{ worker_connections 16384; }}
http {{
  access_log off;
  default_type text/html;
  types {{ text/html html; image/x-icon ico; }}
  {temp}
  keepalive_requests 1000000;
  upstream delay {{ server 127.0.0.1:{delay_port}; keepalive 512; }}
  # S7: http only on 127.0.0.2, https only on 127.0.0.3 (a full handshake each time), both
  # answering after 50 ms through the delaying server.
  server {{
    listen 127.0.0.2:{S7_PORT};
    location / {{ proxy_pass http://delay/delay/50?title=$host; proxy_http_version 1.1; proxy_set_header Connection ""; }}
  }}
  server {{
    listen 127.0.0.3:{S7_PORT} ssl;
    keepalive_timeout 0;
    ssl_session_cache off;
    ssl_session_tickets off;
    ssl_certificate {root}/server.pem;
    ssl_certificate_key {root}/server.key;
    location / {{ proxy_pass http://delay/delay/50?title=$host; proxy_http_version 1.1; proxy_set_header Connection ""; }}
  }}
  server {{
{listen_http}    root {root}/html;
    # S8: the same pages, each URL's own (its path and query written into it): distinct bodies.
    location /distinct/ {{ alias {root}/html/; sub_filter '</main>' '<p>$request_uri</p></main>'; }}
  }}
  server {{
{listen_https}    root {root}/html;
    keepalive_timeout 0;
    ssl_session_cache off;
    ssl_session_tickets off;
    ssl_certificate {root}/server.pem;
    ssl_certificate_key {root}/server.key;
  }}
}}
""")
        subprocess.run(["nginx", "-p", root, "-c", f"{root}/nginx.conf"], check=True)

    def _certificates(self):
        d = self.dir
        run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=fetch bench CA",
            "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem")
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=bench", "-keyout", f"{d}/server.key",
            "-out", f"{d}/server.csr")
        with open(f"{d}/san.ext", "w") as ext:
            ext.write("subjectAltName=" + ",".join(f"IP:{host(i)}" for i in range(HOSTS)) + f",DNS:*.{S7_TLS}\n")
        run("x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", f"{d}/san.ext", "-out", f"{d}/server.pem")
        # A realistic trust store: Debian's bundle (~145 CAs) with the bench CA appended.
        with open(f"{d}/bundle.pem", "w") as bundle:
            bundle.write(open(SYSTEM_CA).read() + open(f"{d}/ca.pem").read())
        self.bundle = f"{d}/bundle.pem"

    def write(self, name, content):
        with open(f"{self.dir}/html/{name}", "w") as f:
            f.write(content)

    def stop(self):
        subprocess.run(["nginx", "-p", self.dir, "-c", f"{self.dir}/nginx.conf", "-s", "stop"], check=False)


def s1_urls(n):
    """S1's URLs (its 200 pages across the 50 hosts, each URL distinct), reused by S8 and S9."""
    return [f"http://{host(i)}:{HTTP_PORT}/s1-{i % 200}.html?{i}" for i in range(n)]


def write_list(path, urls):
    with open(path, "w") as f:
        f.writelines(u + "\n" for u in urls)
    return path


def curl_config(path, urls):
    with open(path, "w") as f:
        for u in urls:
            f.write(f'url = "{u}"\noutput = "/dev/null"\n')
    return path


def timed(command, stdout_file=None):
    """Runs `command`; returns wall and CPU seconds, peak RSS in MB and its stdout file."""
    with tempfile.NamedTemporaryFile("r") as report:
        out = open(stdout_file, "w") if stdout_file else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
                                 stdout=out, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        if stdout_file:
            out.close()
        user, system, rss_kb = report.read().split()[-3:]
    return {"wall": wall, "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024, "rc": process.returncode}


def sampled(command, resolv, env=None):
    """Runs `command` in a private mount namespace whose /etc/resolv.conf is `resolv`, sampling
    its thread count every 10 ms; returns wall and CPU seconds, peak RSS in MB, peak threads."""
    wrapped = ["unshare", "-m", "sh", "-c", f"mount --bind '{resolv}' /etc/resolv.conf && exec \"$@\"", "sh",
               *command]
    start = time.perf_counter()
    process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=None if env is None else os.environ | env)
    peak = 0
    while True:
        pid, _, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        try:
            with open(f"/proc/{process.pid}/status") as status:
                peak = max(peak, int(status.read().split("Threads:")[1].split()[0]))
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.01)  # the sampling period
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "threads": peak}


def alternate(commands, runs, log, runner=timed):
    """Runs every command `runs` times, interleaved; returns the medians per command."""
    samples = {name: [] for name in commands}
    for run in range(runs):
        for name, (command, runs_for_this, *env) in commands.items():
            if run < runs_for_this:
                samples[name].append(runner(command, *env))
                log(f"  {name} run {run + 1}: {samples[name][-1]['wall']:.2f} s")
    keys = lambda runs_: [k for k in ("wall", "cpu", "rss", "threads") if k in runs_[0]]
    return {name: {key: statistics.median(s[key] for s in runs_) for key in keys(runs_)} | {"n": len(runs_)}
            for name, runs_ in samples.items()}


class Suite:
    def __init__(self, args):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="fetch-bench-")
        self.rows = []
        self.notes = []

    def log(self, text):
        print(text, file=sys.stderr, flush=True)

    def count(self, n):
        return max(1, int(n * self.args.scale))

    # The peers' command lines, the same in every scenario: fetch extracting titles, curl -Z
    # writing a status line per URL.
    def fetch_command(self, lst, jobs, *extra, binary=None):
        return [binary or self.args.fetch, "-q", "-j", str(jobs), *extra, lst]

    def with_previous(self, commands, lst, jobs, *extra):
        """Adds the --previous binary to an alternation, run exactly as fetch is."""
        if self.args.previous:
            commands["fetch (previous)"] = (self.fetch_command(lst, jobs, *extra, binary=self.args.previous),
                                            self.args.runs)
        return commands

    def previous_row(self, m):
        if "fetch (previous)" in m:
            p, f = m["fetch (previous)"], m["fetch"]
            self.row("", "fetch (previous)", p,
                     f"this build: wall {f['wall'] / p['wall']:.2f}x, CPU {f['cpu'] / p['cpu']:.2f}x the previous one")

    @staticmethod
    def curl_command(cfg, jobs, *extra):
        return ["curl", "-s", "-Z", "--parallel-max", str(jobs), *extra, "-K", cfg, "-w", "%{http_code}\n"]

    def row(self, scenario, tool, m, ratio_text):
        self.rows.append((scenario, tool, f"{m['wall']:.2f}", f"{m['cpu']:.2f}", f"{m['rss']:.1f}", str(m["n"]), ratio_text))

    # S1: many URLs, 30 KB pages, 50 hosts, -j 64.
    def s1(self, nginx):
        n, jobs = self.count(20000), 64
        for i in range(200):
            nginx.write(f"s1-{i}.html", page(f"Page {i} of the S1 set", 30 * 1024))
        urls = s1_urls(n)
        lst = write_list(f"{self.dir}/s1.txt", urls)
        cfg = curl_config(f"{self.dir}/s1.cfg", urls)
        runs = self.args.runs
        m = alternate(self.with_previous({
            "fetch": (self.fetch_command(lst, jobs), runs),
            "curl -Z": (self.curl_command(cfg, jobs), runs),
            "libcurl floor": ([self.args.floor, "libcurl-whole", lst, str(jobs)], runs),
            "python": ([sys.executable, os.path.join(os.path.dirname(__file__), "baseline.py"), lst, str(jobs)],
                       self.args.python_runs),
        }, lst, jobs), runs, self.log)
        f, c, p, lf = m["fetch"], m["curl -Z"], m["python"], m["libcurl floor"]
        self.row(f"S1 {n} URLs x 30 KB, 50 hosts, -j {jobs}", "fetch", f,
                 f"{f['wall'] / c['wall']:.2f}x curl (target <= 0.8); {p['wall'] / f['wall']:.0f}x faster than Python (>= 25); RSS {f['rss'] / c['rss']:.2f}x curl (<= 1)")
        self.previous_row(m)
        self.row("", "curl -Z", c, "")
        self.row("", "libcurl floor", lf, f"libcurl alone, whole bodies, no titles: fetch is {f['wall'] / lf['wall']:.2f}x its wall")
        self.row("", "python", p, "")

    # S8: what reading more than the title costs, on S1's list: the head fields, --extract (a
    # whole-page libxml2 tree), body_sha256 and --expect-body (whole bodies), words and lines,
    # the favicon hash (the head read to its end, and each host's /favicon.ico, a 1,150-byte
    # icon, fetched once: 50 icons), and --store: on S1's list (200 distinct bodies, all kept
    # already after the first run: the cost of finding a body kept) and on the same pages made
    # distinct by nginx (each URL's own body: 20,000 files and their headers written per run,
    # into a DIR emptied before each run, outside the timing), each against its plain run.
    def s8(self, nginx):
        n, jobs = self.count(20000), 64
        urls = s1_urls(n)
        lst = write_list(f"{self.dir}/s8.txt", urls)
        distinct = write_list(f"{self.dir}/s8-distinct.txt", [u.replace(":18080/", ":18080/distinct/") for u in urls])
        nginx.write("favicon.ico", "".join(chr(33 + (i * 7919) % 90) for i in range(1150)))
        fresh = f"{self.dir}/s8-fresh"
        variants = {
            "plain": (lst, []),
            "+description,+canonical": (lst, ["--fields", "+description,+canonical"]),
            "--extract lead=string(//p)": (lst, ["--extract", "lead=string(//p)"]),
            "+body_sha256": (lst, ["--fields", "+body_sha256"]),
            "--expect-body consectetur": (lst, ["--expect-body", "consectetur"]),
            "+words,+lines": (lst, ["--fields", "+words,+lines"]),
            "+favicon_mmh3": (lst, ["--fields", "+favicon_mmh3"]),
            "--store DIR (bodies kept already)": (lst, ["--store", f"{self.dir}/s8-store"]),
            "plain, distinct bodies": (distinct, []),
            "--store DIR, distinct bodies": (distinct, ["--store", fresh]),
        }

        def emptied_first(command):
            shutil.rmtree(fresh, ignore_errors=True)
            return timed(command)

        m = alternate({name: (self.fetch_command(target, jobs, *extra), self.args.runs)
                       for name, (target, extra) in variants.items()}, self.args.runs, self.log, emptied_first)
        for name in variants:
            v = m[name]
            plain = m["plain, distinct bodies" if "distinct" in name else "plain"]
            self.row(f"S8 {n} URLs x 30 KB (S1), -j {jobs}" if name == "plain" else "", f"fetch {name}", v,
                     "" if "plain" in name else f"{v['wall'] / plain['wall']:.2f}x the plain wall, {v['cpu'] / plain['cpu']:.2f}x its CPU")

    # S16: what --format sqlite costs against jsonl into a file (both -o, default fields), and
    # what --robots costs against a plain run (one robots.txt per host, 50 hosts, every URL
    # checked against its rules), on S1's list.
    def s16(self, nginx):
        n, jobs = self.count(20000), 64
        lst = write_list(f"{self.dir}/s16.txt", s1_urls(n))
        nginx.write("robots.txt", "User-agent: *\nDisallow: /private/\nAllow: /s1-\nCrawl-delay: 1\n")
        out = f"{self.dir}/s16-out"
        fresh = lambda *extra: ["sh", "-c", 'rm -f "$0"*; exec "$@"', out, *self.fetch_command(lst, jobs, *extra)]
        variants = {
            "plain": self.fetch_command(lst, jobs),
            "--robots": self.fetch_command(lst, jobs, "--robots"),
            "--format jsonl -o": fresh("--format", "jsonl", "-o", out),
            "--format sqlite -o": fresh("--format", "sqlite", "-o", out),
        }
        m = alternate({name: (command, self.args.runs) for name, command in variants.items()}, self.args.runs, self.log)
        plain, jsonl = m["plain"], m["--format jsonl -o"]
        self.row(f"S16 {n} URLs x 30 KB (S1), -j {jobs}", "fetch plain", plain, "")
        self.row("", "fetch --robots", m["--robots"],
                 f"{m['--robots']['wall'] / plain['wall']:.2f}x the plain wall, {m['--robots']['cpu'] / plain['cpu']:.2f}x its CPU")
        self.row("", "fetch --format jsonl -o", jsonl, "")
        self.row("", "fetch --format sqlite -o", m["--format sqlite -o"],
                 f"{m['--format sqlite -o']['wall'] / jsonl['wall']:.2f}x the jsonl wall, "
                 f"{m['--format sqlite -o']['cpu'] / jsonl['cpu']:.2f}x its CPU")

    # S9: a 50,000-URL sitemap (the protocol's largest), against the same URLs as a plain list:
    # the reader streams it, so memory stays that of a list.
    def s9(self, nginx):
        n, jobs = self.count(50000), 64
        urls = s1_urls(n)
        lst = write_list(f"{self.dir}/s9.txt", urls)
        sitemap = f"{self.dir}/s9.xml"
        with open(sitemap, "w") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
            for url in urls:
                out.write(f"<url><loc>{url}</loc><lastmod>2026-12-01</lastmod><priority>0.5</priority></url>\n")
            out.write("</urlset>\n")
        m = alternate({"fetch list": (self.fetch_command(lst, jobs), self.args.runs),
                       "fetch --sitemap": ([self.args.fetch, "-q", "-j", str(jobs), "--sitemap", sitemap], self.args.runs)},
                      self.args.runs, self.log)
        listed, mapped = m["fetch list"], m["fetch --sitemap"]
        self.row(f"S9 {n}-URL sitemap ({os.path.getsize(sitemap) / 1e6:.1f} MB), -j {jobs}", "fetch --sitemap", mapped,
                 f"peak RSS {mapped['rss'] / listed['rss']:.2f}x the same URLs as a list; wall {mapped['wall'] / listed['wall']:.2f}x")
        self.row("", "fetch list", listed, "")

    # S2: latency-bound, 200 ms responses, -j 500.
    def s2(self, port):
        n, jobs = self.count(5000), 500
        lst = write_list(f"{self.dir}/s2.txt", [f"http://127.0.0.1:{port}/delay/200?title=s2-{i}" for i in range(n)])
        m = alternate(self.with_previous({"fetch": (self.fetch_command(lst, jobs), self.args.runs)}, lst, jobs),
                      self.args.runs, self.log)
        ideal = n / jobs * 0.2
        self.row(f"S2 {n} URLs delayed 200 ms, -j {jobs}", "fetch", m["fetch"],
                 f"{m['fetch']['wall'] / ideal:.2f}x the ideal {ideal:.1f} s (target <= 1.15)")
        self.previous_row(m)

    # S3: big pages, title in the first 2 KB. Two floors run alongside (bench/early_stop_floor.cpp):
    # a bare libcurl client and raw sockets, each hanging up at </title> and doing nothing else.
    def s3(self, nginx):
        n, jobs = self.count(2000), 64
        for i in range(20):
            nginx.write(f"s3-{i}.html", page(f"Big page {i}", 1 << 20))
        urls = [f"http://{host(i)}:{HTTP_PORT}/s3-{i % 20}.html?{i}" for i in range(n)]
        lst = write_list(f"{self.dir}/s3.txt", urls)
        cfg = curl_config(f"{self.dir}/s3.cfg", urls)
        runs = self.args.runs
        m = alternate(self.with_previous({
            "fetch": (self.fetch_command(lst, jobs), runs),
            "curl -Z": (self.curl_command(cfg, jobs), runs),
            "libcurl floor": ([self.args.floor, "libcurl", lst, str(jobs)], runs),
            "socket floor": ([self.args.floor, "sockets", lst, str(jobs)], runs),
        }, lst, jobs), runs, self.log)
        out = f"{self.dir}/s3.jsonl"
        subprocess.run(self.fetch_command(lst, jobs, "--format", "jsonl", "--fields", "bytes", "-o", out), check=False)
        received = sum(int(line.split(":")[1].rstrip("}\n")) for line in open(out))
        share = received / (n * (1 << 20))
        f, c, lf, sf = m["fetch"], m["curl -Z"], m["libcurl floor"], m["socket floor"]
        self.row(f"S3 {n} URLs x 1 MB, title in the first 2 KB", "fetch", f,
                 f"{f['wall'] / c['wall']:.2f}x curl (target <= 0.3); body bytes received {100 * share:.1f}% (<= 15%)")
        self.previous_row(m)
        self.row("", "curl -Z", c, "")
        self.row("", "libcurl floor", lf, f"{lf['wall'] / c['wall']:.2f}x curl: libcurl alone, no titles")
        self.row("", "socket floor", sf, f"{sf['wall'] / c['wall']:.2f}x curl: raw sockets, no HTTP library")

    # S4: long lists in input order: memory must not grow with the list.
    def s4(self, nginx):
        nginx.write("s4.html", page("Small", 512))
        results = {}
        for n in (self.count(100_000), self.count(1_000_000)):
            lst = write_list(f"{self.dir}/s4-{n}.txt", [f"http://127.0.0.1:{HTTP_PORT}/s4.html?{i}" for i in range(n)])
            results[n] = timed(self.fetch_command(lst, 256, "--order", "input"))
            results[n]["n"] = 1
            self.log(f"  fetch {n} lines: {results[n]['wall']:.1f} s, {results[n]['rss']:.1f} MB")
        small, large = sorted(results)
        growth = results[large]["rss"] / results[small]["rss"] - 1
        self.row(f"S4 {large} lines, --order input, -j 256", "fetch", results[large],
                 f"peak RSS {results[large]['rss']:.1f} MB (target <= 64), {100 * growth:+.1f}% vs {small} lines (within 10%)")

    # S5: TLS, a new connection per URL, realistic trust store.
    def s5(self, nginx):
        n, jobs = self.count(5000), 64
        curl_n = max(1, n // self.args.curl_tls_divisor)
        urls = [f"https://{host(i)}:{HTTPS_PORT}/s1-{i % 200}.html?{i}" for i in range(n)]
        lst = write_list(f"{self.dir}/s5.txt", urls)
        cfg = curl_config(f"{self.dir}/s5.cfg", urls[:curl_n])
        m = alternate(self.with_previous({
            "fetch": (self.fetch_command(lst, jobs, "--cacert", nginx.bundle), self.args.runs),
            "curl -Z": (self.curl_command(cfg, jobs, "--cacert", nginx.bundle), self.args.runs),
        }, lst, jobs, "--cacert", nginx.bundle), self.args.runs, self.log)
        f, c = m["fetch"], m["curl -Z"]
        fetch_rate, curl_rate = n / f["wall"], curl_n / c["wall"]
        self.row(f"S5 {n} HTTPS URLs, new connection each, 50 hosts", "fetch", f,
                 f"{fetch_rate:.0f} conn/s vs curl {curl_rate:.0f} conn/s: {fetch_rate / curl_rate:.1f}x (target >= 5)")
        self.previous_row(m)
        self.row(f"   (curl on {curl_n} of them)", "curl -Z", c, "")

    # S6: width: -j 2000 against a delaying server.
    def s6(self, port):
        n, jobs = self.count(2000), 2000
        lst = write_list(f"{self.dir}/s6.txt", [f"http://127.0.0.1:{port}/delay/1000?title=w{i}" for i in range(n)])
        base = timed([self.args.fetch, "-q", "-u", f"http://127.0.0.1:{port}/delay/1"])
        out = f"{self.dir}/s6.txt.out"
        wide = timed(self.fetch_command(lst, jobs), stdout_file=out)
        wide["n"] = 1
        ok = sum(1 for line in open(out) if line.startswith("200\t"))
        per = (wide["rss"] - base["rss"]) * 1024 / min(n, jobs)
        self.row(f"S6 -j {jobs}, responses delayed 1 s", "fetch", wide,
                 f"{ok}/{n} OK, no descriptor exhaustion; {per:.0f} KB RSS per transfer in flight")

    # S7: a domain list. Every URL a distinct name resolved through dnsmasq, half of the hosts
    # http only and half https only, answering after 50 ms. fetch reads bare host:port lines
    # (https first, then http); the peers get explicit-scheme URLs. All share one resolver
    # configuration: /etc/resolv.conf bind-mounted in a private mount namespace.
    def s7(self, nginx):
        if os.geteuid() != 0:
            self.notes.append("S7 skipped: dnsmasq on port 53 and a mount namespace need root")
            return
        n, jobs = self.count(20000), 1000
        resolv = f"{self.dir}/resolv.conf"
        with open(resolv, "w") as f:
            f.write(f"nameserver {S7_DNS}\n")
        subprocess.run(["dnsmasq", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
                        f"--listen-address={S7_DNS}", "--port=53", f"--pid-file={self.dir}/dnsmasq.pid",
                        "--user=root", "--local=/s7.test/", f"--address=/{S7_PLAIN}/127.0.0.2",
                        f"--address=/{S7_TLS}/127.0.0.3"], check=True)
        try:
            self._s7(n, jobs, resolv, nginx)
        finally:
            subprocess.run(["kill", open(f"{self.dir}/dnsmasq.pid").read().strip()], check=False)

    def _s7(self, n, jobs, resolv, nginx):
        names = [f"h{i}.{S7_PLAIN if i % 2 == 0 else S7_TLS}" for i in range(n)]
        bare = write_list(f"{self.dir}/s7.txt", [f"{name}:{S7_PORT}/" for name in names])
        urls = [f"{'http' if i % 2 == 0 else 'https'}://{name}:{S7_PORT}/" for i, name in enumerate(names)]
        explicit = write_list(f"{self.dir}/s7-explicit.txt", urls)
        cfg = curl_config(f"{self.dir}/s7.cfg", urls)
        workers = max(1, (os.cpu_count() or 2) - 1)
        m = alternate({
            "fetch": (self.fetch_command(bare, jobs, "--cacert", nginx.bundle), self.args.runs, resolv),
            "curl -Z": (self.curl_command(cfg, jobs, "--cacert", nginx.bundle), self.args.runs, resolv),
            "libcurl floor": ([self.args.floor, "libcurl-whole", explicit, str(jobs), nginx.bundle], self.args.runs,
                              resolv),
            "python": ([sys.executable, os.path.join(os.path.dirname(__file__), "baseline.py"), explicit, str(jobs)],
                       self.args.python_runs, resolv, {"REQUESTS_CA_BUNDLE": nginx.bundle}),
        }, self.args.runs, self.log, runner=sampled)
        out = f"{self.dir}/s7.out"
        subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind '{resolv}' /etc/resolv.conf && exec \"$@\"", "sh",
                        *self.fetch_command(bare, jobs, "--cacert", nginx.bundle, "--format", "tsv", "--fields",
                                            "status,scheme", "-o", out)], check=False)
        answered = {"http": 0, "https": 0}
        for line in open(out):
            status, scheme = line.rstrip("\n").split("\t")
            if status == "200":
                answered[scheme] += 1
        f, c, lf, p = m["fetch"], m["curl -Z"], m["libcurl floor"], m["python"]
        self.row(f"S7 {n} distinct hosts via dnsmasq, half http-only, half https-only, 50 ms, -j {jobs}", "fetch", f,
                 f"{f['wall'] / c['wall']:.2f}x curl (target <= 0.5); threads {f['threads']:.0f} (<= {workers + 8}); "
                 f"RSS {f['rss'] / c['rss']:.2f}x curl (<= 1); 200 over https {answered['https']}, over http "
                 f"{answered['http']} (fallback)")
        self.row("", "curl -Z", c, f"threads {c['threads']:.0f}")
        self.row("", "libcurl floor", lf, f"threads {lf['threads']:.0f}; fetch is {f['wall'] / lf['wall']:.2f}x its wall")
        self.row("", "python", p, f"threads {p['threads']:.0f}; {p['wall'] / f['wall']:.0f}x fetch's wall")

    def run(self):
        delay = subprocess.Popen([self.args.delay_server], stdout=subprocess.PIPE, text=True)
        port = int(delay.stdout.readline())
        nginx = Nginx(f"{self.dir}/nginx", port)
        only = set(self.args.only.split(",")) if self.args.only else None
        try:
            for name in ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s16"):
                if only and name.upper() not in only:
                    continue
                self.log(f"== {name.upper()}")
                if name in ("s2", "s6"):
                    getattr(self, name)(port)
                else:
                    if name in ("s5", "s8", "s9", "s16") and not (only is None or "S1" in only):
                        for i in range(200):
                            nginx.write(f"s1-{i}.html", page(f"Page {i} of the S1 set", 30 * 1024))
                    getattr(self, name)(nginx)
        finally:
            delay.terminate()
            nginx.stop()
            shutil.rmtree(self.dir, ignore_errors=True)
        self.report()

    def report(self):
        print(f"Machine: {os.cpu_count()} cores; {subprocess.run(['uname', '-r'], capture_output=True, text=True).stdout.strip()}")
        for command in ([self.args.fetch, "--version"], ["curl", "--version"], [sys.executable, "--version"]):
            print("  " + subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0])
        print(f"Runs: {self.args.runs} alternating (Python {self.args.python_runs}); medians.\n")
        print("| scenario | tool | wall s | CPU s | peak RSS MB | runs | result |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")
        for note in self.notes:
            print(f"\n{note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--delay-server", required=True)
    parser.add_argument("--floor", required=True, help="bench/early_stop_floor, for S3")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--previous", help="an earlier fetch binary, run side by side with this one in S1, S2, S3, S5")
    parser.add_argument("--python-runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated scenarios, e.g. S1,S3")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every URL count (quick looks: 0.1)")
    parser.add_argument("--curl-tls-divisor", type=int, default=10,
                        help="S5: curl fetches 1/N of the URLs (it needs ~20 ms CPU per connection)")
    Suite(parser.parse_args()).run()


if __name__ == "__main__":
    main()
