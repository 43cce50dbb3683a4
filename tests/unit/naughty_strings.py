"""Texts that break careless code, as data for the fuzz tests (``test_fuzz_validators.py``).

Control characters, zero-width and right-to-left marks, lone surrogates, 1 MB texts, HTML,
spreadsheet formulas, mathtext, format strings, odd numbers and dates, web addresses.
"""

from __future__ import annotations

MB = 1_000_000

CONTROL = [
    "\x00",
    "a\x00b",
    "".join(chr(c) for c in range(32)),
    "\x07\x08\x1b[31mred\x1b[0m",
    "\x7f",
    "\x85",
    "\x9b",
    "\r",
    "\r\n",
    "\n\n\n",
    "\t",
    "\x0b\x0c",
    "a\u2028b\u2029c",
]
INVISIBLE = [
    "",
    " ",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\u200c\u200d",
    "\ufeff",
    "\u2060",
    "\u00ad",
    "\u180e",
    "\u200b" * 100,
]
RIGHT_TO_LEFT = [
    "\u202e",
    "abc\u202egnp.exe",
    "\u200f",
    "\u200e",
    "\u2066\u2067\u2068\u2069",
    "\u202a\u202b\u202c\u202d",
    "שלום",
    "مرحبا",
]
SURROGATES = [
    "\ud800",
    "\udfff",
    "a\udc00b",
    "\ud83d\ude00",  # a pair as two code points
    "\ude00\ud83d",  # reversed: two lone ones
    "\ud800" * 1000,
    "x\udbff",
    "https://example.org/\ud800",
]
UNICODE = [
    "👍🏽",
    "👨‍👩‍👧",
    "e\u0301",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͎",
    "ß",
    "ﬃ",
    "İ",
    "ǅ",
    "\uffff",
    "\U0010ffff",
    "\ufffd",
]
HUGE = [
    "x" * MB,
    "A" * MB,
    "0" * MB,
    " " * MB,
    "\n" * MB,
    "é" * (MB // 2),
    "👍" * (MB // 4),
    "Ab " * (MB // 3),
    "a@" * (MB // 2),
    "+0" * (MB // 2),
    "\u200b" * MB,
]
HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "\"'><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "&lt;script&gt;",
    "<!--",
    "]]><![CDATA[",
    "javascript:alert(1)",
]
FORMULAS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example","klik")',
    "\t=1",
    "\r=1",
    "\x00=1",
    "\ud800=1",
    "＝1+1",
]
MARKUP = [
    "$x$",
    "$",
    "\\",
    "$\\frac{1}{0}$",
    "\\$",
    "{0}",
    "{name}",
    "{}",
    "%s",
    "%(x)s",
    "'; DROP TABLE workshops;--",
    "%",
    "_",
    "**vet**",
]
NUMBERS_AND_DATES = [
    "0",
    "-1",
    "5",
    "  5  ",
    "5.0",
    "1e309",
    "NaN",
    "Infinity",
    "1_000",
    "٣",
    "²",
    "Ⅻ",
    "0x10",
    "2024-02-30",
    "0000-01-01",
    "9999-12-31",
    "2024-13-01",
    "２０２４-01-01",
    "٢٠٢٤-٠١-٠١",
    "2024-01-01\n",
    "None",
    "null",
    "true",
    "[]",
    "{}",
]
LINKS = [
    "http://",
    "http://[::1",
    "http://exa mple.org",
    "HTTP://EXAMPLE.ORG",
    "https://example.org:99999",
    "http://%zz",
    "http://\u2100.org",
    "http://ex\u0430mple.org",
    "ftp://example.org",
    "//example.org",
    "https://user:pw@example.org/a?b=c#d",
    "data:text/html,<script>alert(1)</script>",
]
PEOPLE = [
    "ab3-k9x",
    "AB3K9X",
    "Anna",
    "Anna de Vries",
    "jan.jansen@example.org",
    "06-12345678",
    "+31 6 12345678",
    "1234 AB",
    "Dorpsstraat 12",
    "12 Baker Street",
    "ß" * 40,
]

NAUGHTY: list[str] = [
    *CONTROL,
    *INVISIBLE,
    *RIGHT_TO_LEFT,
    *SURROGATES,
    *UNICODE,
    *HUGE,
    *HTML,
    *FORMULAS,
    *MARKUP,
    *NUMBERS_AND_DATES,
    *LINKS,
    *PEOPLE,
]
"""Every naughty text, small and huge."""

SMALL_NAUGHTY: list[str] = [s for s in NAUGHTY if len(s) < 10_000]
"""The naughty texts without the 1 MB ones (for helpers that refuse long text first)."""
