#!/usr/bin/python3
"""A peer for the distinct-host benchmarks (S10, S12): the title scraper a competent Python
user would write with asyncio and aiohttp (Debian's python3-aiohttp). One ClientSession, a
TCPConnector capped at JOBS connections, JOBS worker coroutines pulling URLs from the list as
they go (so memory does not grow with the list), each page's title taken with a regular
expression. Prints "STATUS<TAB>URL<TAB>TITLE", or "ERR<TAB>URL<TAB>reason".

Usage: aiohttp_peer.py LIST JOBS [TIMEOUT_SECONDS]
"""
import asyncio
import html
import re
import sys

import aiohttp

TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def title_of(body):
    match = TITLE.search(body)
    return html.unescape(match.group(1).decode("utf-8", "replace")).strip() if match else ""


async def worker(session, urls, out):
    for url in urls:
        if "://" not in url:
            url = "https://" + url
        try:
            async with session.get(url) as response:
                body = await response.content.read(1 << 20)
                out.write(f"{response.status}\t{url}\t{title_of(body)}\n")
        except Exception as error:  # every failure is a record, as in fetch
            out.write(f"ERR\t{url}\t{type(error).__name__}\n")


def lines(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                yield line


async def main(path, jobs, timeout):
    connector = aiohttp.TCPConnector(limit=jobs, ssl=False)
    client_timeout = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 5))
    urls = lines(path)  # shared by the workers: each takes the next line
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        await asyncio.gather(*(worker(session, urls, sys.stdout) for _ in range(jobs)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 10.0))
