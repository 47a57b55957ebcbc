#!/usr/bin/python3
"""Lists of distinct hosts (issue #23), side by side with the peers, in one run:

  S10  10,000 and 100,000 URLs, each on a host of its own (IP literals, and names through
       dnsmasq), at -j 1000: fetch, curl -Z, wget2, an asyncio+aiohttp client
       (bench/aiohttp_peer.py), and two floors: bare libcurl (early_stop_floor
       libcurl-distinct) and raw sockets. CPU per URL across the two sizes tells whether the
       cost per URL grows with the hosts seen.
  S11  1,000,000 distinct names through dnsmasq at -j 2000: fetch alone; wall, CPU per URL,
       peak RSS and threads. Not in CI (minutes).
  S12  The open internet's mix: 20,000 bare domains (no scheme) whose hosts answer https,
       http only, NXDOMAIN, never (DNS), refuse, never answer a SYN, answer after 1-5 s, fail
       TLS, redirect twice, or send 20 MB: fetch's wall against the ideal (the unavoidable
       waits divided by -j) and the records right; the peers on the same domains as https://.
  S13  Input order under slow hosts: 2,020 URLs of which 1% never answer, --timeout 3, in
       completion and in input order.
  S15  Growth in distinct hosts, fetch alone: 2,500, 20,000 and 200,000 URLs each on a host
       of its own (IP literals, and names through dnsmasq) at -j 1000; CPU per URL and peak
       RSS at the largest size against the smallest (the targets: <= 1.2x and <= 1.1x).
  S14  One budget per URL: on one worker, 2,000 small pages with --xpath, alone and with 20
       pages of 20,000 elements whose expression goes past its budget: the small pages'
       latency (p50, p99) should not move.

Everything runs in a private network namespace (unshare -mn) with only the loopback device:
nginx answers on every 127.x.y.z address, dnsmasq answers every name, and a bind-mounted
/etc/resolv.conf points every tool at it. Nothing leaves the namespace.

Usage (as root): bench/hosts.py --fetch BIN --floor BIN --delay-server BIN [--only S10,S13]
                 [--runs N] [--sizes 10000,100000] [--growth 2500,20000,200000]
                 [--previous OLD_FETCH]
"""
import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import alternate, curl_config, timed, write_list  # noqa: E402

PORT = 8080          # S10, S11, S13: nginx on every address
HANG_PORT = 8081     # S13: accepts, never answers
DNS = "127.0.0.53"
DNS_BLACKHOLE = ("127.0.0.99", 5353)

# S12's kinds of host: (label, share of the list, address, what happens). Each domain is
# NAME.LABEL.s12.test; dnsmasq maps LABEL to the address, and the address decides the rest.
S12_KINDS = [
    ("ok", 0.70, "127.0.0.11", "https page"),
    ("plain", 0.08, "127.0.0.12", "http only: https refused, then the http page"),
    ("nx", 0.05, None, "NXDOMAIN"),
    ("dnsslow", 0.01, None, "the DNS server never answers"),
    ("refused", 0.04, "127.0.0.13", "both ports refused"),
    ("blackhole", 0.01, "127.0.0.14", "SYNs never answered (a full accept queue), on both ports"),
    ("slow", 0.05, "127.0.0.15", "https page after 1-5 s"),
    ("badtls", 0.02, "127.0.0.16", "an untrusted certificate, then the http page"),
    ("redir", 0.035, "127.0.0.17", "two redirects, then the page"),
    ("huge", 0.005, "127.0.0.18", "a 20 MB page"),
]


def page(title, size=2048):
    head = f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{title}</title></head><body><p>"
    return head + "x" * max(0, size - len(head) - 20) + "</p></body></html>"


def ip_literal(i):
    return f"127.{1 + i // 62500}.{(i // 250) % 250}.{i % 250 + 1}"


def run(*command, **kw):
    return subprocess.run(command, check=True, capture_output=True, **kw)


class World:
    """The namespace's servers: nginx, dnsmasq, the delaying server and three misbehaving
    listeners. Certificates for S12 are made here too."""

    def __init__(self, root, delay_server):
        self.root = root
        run("ip", "link", "set", "lo", "up")
        for d in ("html", "huge", "tmp"):
            os.makedirs(f"{root}/{d}", exist_ok=True)
        with open(f"{root}/html/index.html", "w") as f:
            f.write(page("Hello from a distinct host"))
        with open(f"{root}/huge/index.html", "w") as f:
            f.write(page("A huge page", 20 << 20))
        with open(f"{root}/html/hostile.html", "w") as f:  # S14: costly for a quadratic XPath
            f.write("<!DOCTYPE html><html><head><title>hostile</title></head><body>" + "<p>x</p>" * 20000 +
                    "</body></html>")
        self._certificates()
        self.delay = subprocess.Popen([delay_server], stdout=subprocess.PIPE, text=True)
        self.delay_port = int(self.delay.stdout.readline())
        self._nginx()
        self._dnsmasq()
        self._misbehaving()

    def _certificates(self):
        r = self.root
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hosts bench CA",
            "-keyout", f"{r}/ca.key", "-out", f"{r}/ca.pem")
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=s12", "-keyout", f"{r}/server.key",
            "-out", f"{r}/server.csr")
        with open(f"{r}/san.ext", "w") as ext:
            ext.write("subjectAltName=" + ",".join(f"DNS:*.{label}.s12.test" for label, *_ in S12_KINDS) + "\n")
        run("openssl", "x509", "-req", "-in", f"{r}/server.csr", "-CA", f"{r}/ca.pem", "-CAkey", f"{r}/ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", f"{r}/san.ext", "-out", f"{r}/server.pem")
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=untrusted",
            "-keyout", f"{r}/untrusted.key", "-out", f"{r}/untrusted.pem")
        self.ca = f"{r}/ca.pem"

    def _nginx(self):
        r = self.root
        tls = f"ssl_certificate {r}/server.pem; ssl_certificate_key {r}/server.key;"
        temp = " ".join(f"{k}_temp_path {r}/tmp;" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = f"""worker_processes 1;
user root;
pid {r}/nginx.pid;
error_log {r}/error.log;
worker_rlimit_nofile 200000;
events {{ worker_connections 65536; }}
http {{
  access_log off;
  default_type text/html;
  {temp}
  map $host $delay {{ ~^s(?<d>[1-5]) ${{d}}000; default 1000; }}
  server {{ listen {PORT} backlog=65535 default_server; root {r}/html; }}
  server {{ listen 127.0.0.11:80; listen 127.0.0.11:443 ssl; {tls} root {r}/html; }}
  server {{ listen 127.0.0.12:80; root {r}/html; }}
  server {{ listen 127.0.0.15:443 ssl; {tls}
           location / {{ proxy_pass http://127.0.0.1:{self.delay_port}/delay/$delay?title=slow; }} }}
  server {{ listen 127.0.0.16:443 ssl; ssl_certificate {r}/untrusted.pem; ssl_certificate_key {r}/untrusted.key;
           root {r}/html; }}
  server {{ listen 127.0.0.16:80; root {r}/html; }}
  server {{ listen 127.0.0.17:443 ssl; {tls} root {r}/html;
           location = / {{ return 301 https://$host/en/; }}
           location = /en/ {{ return 302 /en/home; }}
           location = /en/home {{ try_files /index.html =404; }} }}
  server {{ listen 127.0.0.18:443 ssl; {tls} root {r}/huge; }}
}}
"""
        with open(f"{r}/nginx.conf", "w") as f:
            f.write(conf)
        run("nginx", "-c", f"{r}/nginx.conf")

    def _dnsmasq(self):
        r = self.root
        args = ["dnsmasq", "--no-resolv", "--no-hosts", f"--listen-address={DNS}", "--bind-interfaces",
                "--cache-size=10000", f"--pid-file={r}/dnsmasq.pid", "--local=/test/", "--address=/d.test/127.0.0.1",
                f"--server=/dnsslow.s12.test/{DNS_BLACKHOLE[0]}#{DNS_BLACKHOLE[1]}", "--address=/nx.s12.test/"]
        args += [f"--address=/{label}.s12.test/{address}" for label, _, address, _ in S12_KINDS if address]
        run(*args)
        with open(f"{r}/resolv.conf", "w") as f:
            f.write(f"nameserver {DNS}\n")
        run("mount", "--bind", f"{r}/resolv.conf", "/etc/resolv.conf")

    def _misbehaving(self):
        self.sockets = []
        hang = self._listener("0.0.0.0", HANG_PORT, 4096)
        threading.Thread(target=self._accept_forever, args=(hang,), daemon=True).start()
        for port in (80, 443):  # S12's blackhole: the one queue slot taken, SYNs dropped after it
            full = self._listener("127.0.0.14", port, 0)
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.14", port))
            self.sockets.append(filler)
        dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        dns.bind(DNS_BLACKHOLE)
        self.sockets.append(dns)

    def _listener(self, address, port, backlog):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        s.listen(backlog)
        self.sockets.append(s)
        return s

    def _accept_forever(self, listener):
        while True:
            connection, _ = listener.accept()
            self.sockets.append(connection)  # held open, never answered

    def stop(self):
        subprocess.run(["nginx", "-c", f"{self.root}/nginx.conf", "-s", "stop"], check=False)
        subprocess.run(["pkill", "-F", f"{self.root}/dnsmasq.pid"], check=False)
        self.delay.terminate()


def others(path):
    """The records that are not 200, by their first two words ("ERR timeout:", "404 ...")."""
    kinds = {}
    with open(path) as f:
        for line in f:
            if not line.startswith("200"):
                key = " ".join(line.split("\t")[2:3])[:40] if line.startswith("ERR") else line.split("\t")[0]
                kinds[key] = kinds.get(key, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "no other"


def counted(path, prefix="200"):
    with open(path) as f:
        return sum(1 for line in f if line.startswith(prefix))


class Suite:
    def __init__(self, args):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="fetch-hosts-")
        os.chmod(self.dir, 0o755)
        self.rows = []

    def log(self, text):
        print(text, file=sys.stderr, flush=True)

    def row(self, scenario, tool, m, n, result):
        self.rows.append((scenario, tool, f"{m['wall']:.2f}", f"{m['cpu'] / n * 1000:.3f}", f"{m['rss']:.0f}", result))

    def fetch(self, lst, jobs, *extra, binary=None):
        return [binary or self.args.fetch, "-q", "-j", str(jobs), "--no-progress", *extra, lst]

    def peers(self, lst, urls, jobs, timeout=10, extra_curl=(), extra_wget=()):
        cfg = curl_config(f"{lst}.cfg", urls)
        peers = {
            "curl -Z": (["curl", "-s", "-Z", "--parallel-max", str(jobs), "-m", str(timeout), *extra_curl, "-K", cfg,
                         "-w", "%{http_code}\n"], self.args.runs),
            "wget2": (["wget2", "-q", "--max-threads", str(jobs), "-T", str(timeout), "--tries", "1", *extra_wget,
                       "-O", "/dev/null", "-i", lst], self.args.runs),
            "aiohttp": ([sys.executable, os.path.join(os.path.dirname(__file__), "aiohttp_peer.py"), lst, str(jobs),
                         str(timeout)], self.args.runs),
        }
        return {name: command for name, command in peers.items() if name not in self.args.skip}

    # ---- S10 ----
    def s10(self):
        jobs = 1000
        for kind, address in (("IP literals", ip_literal), ("names", lambda i: f"h{i}.d.test")):
            per_size = {}
            for n in self.args.sizes:
                urls = [f"http://{address(i)}:{PORT}/" for i in range(n)]
                lst = write_list(f"{self.dir}/s10-{kind[0]}-{n}.txt", urls)
                commands = {"fetch": (self.fetch(lst, jobs), self.args.runs)}
                if self.args.previous:
                    commands["fetch (previous)"] = (self.fetch(lst, jobs, binary=self.args.previous), self.args.runs)
                commands |= self.peers(lst, urls, jobs)
                commands["libcurl floor"] = ([self.args.floor, "libcurl-distinct", lst, str(jobs)], self.args.runs)
                if kind == "IP literals":
                    commands["sockets floor"] = ([self.args.floor, "sockets", lst, str(jobs)], self.args.runs)
                self.log(f"== S10 {n} distinct hosts, {kind}")
                per_size[n] = alternate(commands, self.args.runs, self.log)
            self.s10_rows(kind, jobs, per_size)

    def s10_rows(self, kind, jobs, per_size):
        sizes = sorted(per_size)
        for n in sizes:
            m = per_size[n]
            f = m["fetch"]
            # Each ratio only where its peer ran (--skip leaves peers out).
            walls = [m[peer]["wall"] for peer in ("curl -Z", "wget2") if peer in m]
            faster = f"{f['wall'] / min(walls):.2f}x the faster of curl -Z and wget2 (<= 0.6); " if walls else ""
            aiohttp = f"{f['wall'] / m['aiohttp']['wall']:.2f}x aiohttp; " if "aiohttp" in m else ""
            self.row(f"S10 {n} distinct hosts ({kind}), -j {jobs}", "fetch", f, n,
                     f"{faster}{aiohttp}{f['wall'] / m['libcurl floor']['wall']:.2f}x the libcurl floor (<= 1.3)")
            for tool in m:
                if tool != "fetch":
                    self.row("", tool, m[tool], n, "")
        if len(sizes) > 1:
            small, large = per_size[sizes[0]]["fetch"], per_size[sizes[-1]]["fetch"]
            growth = (large["cpu"] / sizes[-1]) / (small["cpu"] / sizes[0])
            self.rows.append(("", f"fetch CPU/URL {sizes[-1]} vs {sizes[0]}", "", f"{growth:.2f}x", "", "(<= 1.2)"))

    # ---- S15 ----
    def s15(self):
        jobs, sizes = 1000, self.args.growth
        for kind, address in (("IP literals", ip_literal), ("names", lambda i: f"g{i}.d.test")):
            commands = {}
            for n in sizes:
                lst = write_list(f"{self.dir}/s15-{kind[0]}-{n}.txt", (f"http://{address(i)}:{PORT}/" for i in range(n)))
                commands[n] = (self.fetch(lst, jobs), self.args.runs)
            self.log(f"== S15 growth in distinct hosts, {kind}")
            m = alternate(commands, self.args.runs, self.log)
            small = m[sizes[0]]
            for n in sizes:
                cpu = (m[n]["cpu"] / n) / (small["cpu"] / sizes[0])
                self.row(f"S15 distinct hosts ({kind}), -j {jobs}" if n == sizes[0] else "", f"fetch, {n:,} URLs",
                         m[n], n, f"CPU/URL {cpu:.2f}x, RSS {m[n]['rss'] / small['rss']:.2f}x the {sizes[0]:,}-URL run")

    # ---- S11 ----
    def s11(self):
        n, jobs = self.args.million, 2000
        lst = write_list(f"{self.dir}/s11.txt", (f"http://m{i}.d.test:{PORT}/" for i in range(n)))
        self.log(f"== S11 {n} distinct names, -j {jobs}")
        out = f"{self.dir}/s11.out"
        m = sampled_threads(self.fetch(lst, jobs), out)
        self.row(f"S11 {n} distinct names, -j {jobs}", "fetch", m, n,
                 f"{counted(out)} records 200 ({others(out)}); peak threads {m['threads']} "
                 f"(workers + 4 = {workers(jobs) + 4})")

    # ---- S12 ----
    def s12(self):
        jobs, n = 1000, self.args.mix
        domains, waits = s12_domains(n)
        lst = write_list(f"{self.dir}/s12.txt", domains)
        https = [f"https://{d}/" for d in domains]
        https_lst = write_list(f"{self.dir}/s12-https.txt", https)
        self.log(f"== S12 {n} bare domains, the open internet's mix")
        runs = self.args.runs
        out = f"{self.dir}/s12.out"
        fetch_cmd = self.fetch(lst, jobs, "--cacert", self.world.ca, "--format", "jsonl", "--fields", "url,status,error_kind")
        m = {"fetch": median_of([timed(fetch_cmd, out) for _ in range(runs)])}
        env = os.environ | {"SSL_CERT_FILE": self.world.ca}
        peers = self.peers(https_lst, https, jobs, extra_curl=("--cacert", self.world.ca),
                           extra_wget=("--ca-certificate", self.world.ca))
        for name, (command, _) in peers.items():
            m[name] = median_of([timed_env(command, env) for _ in range(runs)])
        # No run can be shorter than its longest unavoidable wait, nor than all of them spread
        # over -j transfers at once.
        ideal = max(sum(waits) / jobs, max(waits))
        right = s12_right(out, domains)
        f = m["fetch"]
        self.row(f"S12 {n} bare domains (mix), -j {jobs}", "fetch", f, n,
                 f"{f['wall'] / ideal:.2f}x the ideal {ideal:.1f} s (the longest wait, or all waits / -j); "
                 f"records right {right}/{n}")
        for name in peers:
            self.row("", f"{name} (https:// only)", m[name], n, f"fetch is {f['wall'] / m[name]['wall']:.2f}x its wall")

    # ---- S13 ----
    def s13(self):
        n = 2020
        urls = [f"http://{ip_literal(i)}:{HANG_PORT if i % 100 == 50 else PORT}/" for i in range(n)]
        lst = write_list(f"{self.dir}/s13.txt", urls)
        self.log("== S13 1% never answering, --timeout 3")
        commands = {order: (self.fetch(lst, 16, "--timeout", "3", "--order", order), self.args.runs)
                    for order in ("completion", "input")}
        if self.args.previous:
            commands["input (previous)"] = (self.fetch(lst, 16, "--timeout", "3", "--order", "input",
                                                       binary=self.args.previous), self.args.runs)
        m = alternate(commands, self.args.runs, self.log)
        c, i = m["completion"], m["input"]
        self.row(f"S13 {n} URLs, 1% never answer, --timeout 3, -j 16", "fetch --order input", i, n,
                 f"{i['wall'] / c['wall']:.2f}x completion order (<= 1.2)")
        self.row("", "fetch --order completion", c, n, "")
        if "input (previous)" in m:
            self.row("", "previous fetch --order input", m["input (previous)"], n, "")

    # ---- S14 ----
    def s14(self):
        healthy = [f"http://{ip_literal(i)}:{PORT}/" for i in range(2000)]
        hostile = [f"http://{ip_literal(5000 + i)}:{PORT}/hostile.html" for i in range(20)]
        mixed = list(healthy)
        for i, url in enumerate(hostile):
            mixed.insert(i * 100, url)
        xpath = ["--xpath", "count(//*[count(//*) > 0])", "--format", "jsonl", "--fields", "url,elapsed_ms,error_kind"]
        self.log("== S14 healthy latency beside pages past their budget, one worker")
        results = {}
        for name, urls in (("alone", healthy), ("with hostile pages", mixed)):
            lst = write_list(f"{self.dir}/s14-{name[0]}.txt", urls)
            out = f"{self.dir}/s14-{name[0]}.out"
            samples = [timed(self.fetch(lst, 100, "--workers", "1", *xpath), out) for _ in range(self.args.runs)]
            results[name] = (median_of(samples), latencies(out))
        for name, (m, (p50, p99, budget)) in results.items():
            self.row("S14 2,000 small pages, --xpath, -j 100, one worker" if name == "alone" else "",
                     f"fetch, {name}", m, len(healthy),
                     f"small pages' latency p50 {p50:.0f} ms, p99 {p99:.0f} ms; {budget} records 'budget'")

    def run(self):
        self.world = World(f"{self.dir}/world", self.args.delay_server)
        try:
            for name in ("s10", "s11", "s12", "s13", "s14", "s15"):
                if name.upper() in self.args.only:
                    getattr(self, name)()
        finally:
            self.world.stop()
            shutil.rmtree(self.dir, ignore_errors=True)
        self.report()

    def report(self):
        print(f"Machine: {os.cpu_count()} cores; runs: {self.args.runs} alternating, medians.")
        for command in ([self.args.fetch, "--version"], ["curl", "--version"], ["wget2", "--version"]):
            print("  " + subprocess.run(command, capture_output=True, text=True).stdout.splitlines()[0])
        print("\n| scenario | tool | wall s | CPU ms/URL | peak RSS MB | result |")
        print("| --- | --- | --- | --- | --- | --- |")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def latencies(out):
    """p50 and p99 of elapsed_ms over the small pages of an S14 run, and the records 'budget'."""
    times, budget = [], 0
    with open(out) as f:
        for line in f:
            record = json.loads(line)
            if record.get("error_kind") == "budget":
                budget += 1
            elif "hostile" not in record["url"]:
                times.append(record["elapsed_ms"])
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, len(times) * 99 // 100)], budget


def workers(jobs):
    return max(1, min(jobs, (os.cpu_count() or 2) - 1))


def median_of(samples):
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def timed_env(command, env):
    old = dict(os.environ)
    os.environ.update(env)
    try:
        return timed(command)
    finally:
        os.environ.clear()
        os.environ.update(old)


def sampled_threads(command, out):
    """Runs `command`, sampling its thread count every 50 ms; wall, CPU, peak RSS and threads."""
    start = time.perf_counter()
    with open(out, "w") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL)
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
            time.sleep(0.05)  # the sampling period
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "threads": peak}


def s12_domains(n):
    """The S12 list, its kinds interleaved as a real list's are, and each domain's unavoidable
    wait (what a perfect client must spend waiting on it, at fetch's default timeouts)."""
    domains, waits = [], []
    counts = [(label, round(share * n)) for label, share, *_ in S12_KINDS]
    order = [label for label, count in counts for _ in range(count)]
    random.Random(23).shuffle(order)  # mixed as a real list is, the same every run
    for i, label in enumerate(order[:n]):
        slow = 1 + i % 5
        domains.append(f"s{slow}-{i}.{label}.s12.test" if label == "slow" else f"site{i}.{label}.s12.test")
        waits.append({"slow": slow, "blackhole": 10.0, "dnsslow": 5.0}.get(label, 0.0))
    return domains, waits


S12_EXPECTED = {"ok": "200", "plain": "200", "slow": "200", "badtls": "200", "redir": "200", "huge": "200",
                "nx": "dns", "dnsslow": "dns", "refused": "connect", "blackhole": "timeout"}


def s12_right(out, domains):
    """Records that say what each kind of host does: a 200, or the error kind it must give."""
    right = 0
    with open(out) as f:
        for line in f:
            record = json.loads(line)
            label = record["url"].split(".")[1] if "." in record["url"] else ""
            want = S12_EXPECTED.get(label)
            got = str(record.get("status")) if record.get("status") else record.get("error_kind")
            right += want == got
    return right


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fetch", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--delay-server", required=True)
    parser.add_argument("--previous")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="S10,S12,S13,S14")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--million", type=int, default=1000000)
    parser.add_argument("--mix", type=int, default=20000)
    parser.add_argument("--skip", default="", help="peers left out, e.g. wget2 (S12 at 20,000: over half an hour)")
    parser.add_argument("--growth", default="2500,20000,200000", help="S15's list sizes")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.growth = [int(s) for s in args.growth.split(",")]
    args.skip = set(filter(None, args.skip.split(",")))
    args.only = set(args.only.upper().split(","))
    if os.environ.get("FETCH_HOSTS_NAMESPACE") != "1":  # a private network and mount namespace
        os.environ["FETCH_HOSTS_NAMESPACE"] = "1"
        os.execvp("unshare", ["unshare", "-mn", sys.executable, os.path.abspath(__file__), *sys.argv[1:]])
    Suite(args).run()


if __name__ == "__main__":
    main()
