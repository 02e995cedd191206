"""Reads what search engines and link previews read from a public page: JSON-LD and the <head> tags."""

import json
from html.parser import HTMLParser


class _HeadReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def read_head(content: bytes) -> _HeadReader:
    reader = _HeadReader()
    reader.feed(content.decode())
    return reader


def json_ld(content: bytes) -> dict:
    """The page's one JSON-LD block, parsed as a browser's HTML parser would cut it out of the page."""
    blocks = read_head(content).json_ld
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    return json.loads(blocks[0])
