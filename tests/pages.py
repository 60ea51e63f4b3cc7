"""Reading pages as HTML documents, the way a browser or a crawler would."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from django.test import Client


def get_page(client: Client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return BeautifulSoup(response.content, "html.parser")


def text_of(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


def focusable(soup: BeautifulSoup) -> list[Tag]:
    """Elements reachable with Tab, in document order."""
    return [
        tag
        for tag in soup.find_all(["a", "button", "input", "select", "textarea"])
        if not (tag.name == "input" and tag.get("type") == "hidden")
        and (tag.name != "a" or tag.has_attr("href"))
    ]
