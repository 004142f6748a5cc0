"""Invented pages and archives for reader tests: WARC records are assembled by hand, byte by byte,
so the tests do not depend on a WARC writer agreeing with the reader under test."""

from __future__ import annotations

import gzip
import uuid

PAGES = {
    "https://courier.example/ferry": (
        "Ferry timetable changes in Port Halden",
        [
            "Port Halden will run ferries every hour from May, the harbour board decided on Monday.",
            "“The boats will run every hour from May,” Mayor Ida Brandt said at the quayside. "
            "“Nobody who works on the islands should have to sleep in town again.”",
            "Councillor Tomas Wren said the board had not costed the extra crossings and warned "
            "that fares could rise before the summer.",
        ],
    ),
    "https://gazette.example/barrier": (
        "Erlmoor flood barrier passes its first test",
        [
            "The flood barrier at Erlmoor held back a spring tide on Sunday night, engineers said.",
            "“We built it for a storm that comes once a century,” said Professor Kofi Ashgrove, "
            "who led the design team. He added that the gates closed in under four minutes.",
            "Residents on the lower streets said they had slept through the night for the first "
            "time in years.",
        ],
    ),
}


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Invented Courier</footer></body></html>"
    )


def warc_record(warc_type: str, uri: str | None, block: bytes, content_type: str) -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {warc_type}",
        "WARC-Date: 2031-03-02T10:00:00Z",
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(block)}",
    ]
    if uri:
        headers.insert(2, f"WARC-Target-URI: {uri}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(status: str, content_type: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def build_warc(*, compress: bool) -> bytes:
    """A crawl: warcinfo, two article pages, an image, a 404 and a page with no main text."""
    records = [warc_record("warcinfo", None, b"software: hand-made\r\n", "application/warc-fields")]
    for url, (title, paras) in PAGES.items():
        page = html_page(title, paras).encode("utf-8")
        records.append(
            warc_record(
                "response",
                url,
                http_response("200 OK", "text/html; charset=utf-8", page),
                "application/http; msgtype=response",
            )
        )
    records.append(
        warc_record(
            "response",
            "https://courier.example/logo.png",
            http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\nnot-really"),
            "application/http; msgtype=response",
        )
    )
    records.append(
        warc_record(
            "response",
            "https://courier.example/gone",
            http_response("404 Not Found", "text/html", b"<html><body>gone</body></html>"),
            "application/http; msgtype=response",
        )
    )
    records.append(
        warc_record(
            "response",
            "https://courier.example/empty",
            http_response(
                "200 OK", "text/html", b"<html><body><script>var a = 1;</script></body></html>"
            ),
            "application/http; msgtype=response",
        )
    )
    if compress:  # one gzip member per record, as crawlers write them
        return b"".join(gzip.compress(r) for r in records)
    return b"".join(records)
