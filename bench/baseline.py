#!/usr/bin/python3
"""The approach fetch grew out of: a thread pool, requests, and lxml's XPath for the title.

Usage: baseline.py LIST JOBS. Prints "STATUS<TAB>URL<TAB>TITLE" per URL, in input order.
Each worker thread keeps its own requests.Session (a Session is not thread-safe), so
connections are reused as fetch's are.
"""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import lxml.html
import requests

local = threading.local()


def fetch(url):
    session = getattr(local, "session", None)
    if session is None:
        session = local.session = requests.Session()
    try:
        response = session.get(url, timeout=10)
        title = lxml.html.fromstring(response.content).xpath("string(//title)").strip() if response.content else ""
        return f"{response.status_code}\t{url}\t{title}"
    except Exception as error:  # one bad URL must not end the run
        return f"ERR\t{url}\t{type(error).__name__}"


def main():
    urls = [line.strip() for line in open(sys.argv[1]) if line.strip()]
    with ThreadPoolExecutor(max_workers=int(sys.argv[2])) as pool:
        for line in pool.map(fetch, urls):
            print(line)


if __name__ == "__main__":
    main()
