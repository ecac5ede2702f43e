"""Every XPath the HTML reader uses, compiled once (trafilatura's ``xpaths.py`` model).

No logic here: ``archive.parse.html`` decides what to do with the results.
"""

from __future__ import annotations

from lxml.etree import XPath


def _has_class(name: str) -> str:
    # The class attribute as a token list: "wp-caption" matches "wp-caption
    # alignleft" but not "wp-caption-text".
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

# --- figures -----------------------------------------------------------------

# <figure> or WordPress's div.wp-caption holding an image; an outer gallery
# figure that holds inner figures is not itself a figure.
FIGURES = XPath(
    f"//*[self::figure or self::div[{_has_class('wp-caption')}]][.//img]"
    f"[not(.//*[self::figure or self::div[{_has_class('wp-caption')}]][.//img])]"
    "[not(ancestor::template or ancestor::noscript or ancestor::script)]"
)
FIGURE_IMAGE = XPath("(.//img)[1]")
FIGURE_CAPTION = XPath(f"(.//figcaption | .//*[{_has_class('wp-caption-text')}])[1]")
# A credit the page marks up inside the caption: <cite>, .credit, .copyright.
CAPTION_CREDIT = XPath(
    ".//*[self::cite or contains(@class, 'credit') or contains(@class, 'copyright')]"
)

# --- metadata ----------------------------------------------------------------

META = XPath("//meta[@content]")
TITLE = XPath("(//title[not(ancestor::svg)])[1]")
FIRST_H1 = XPath("(//h1)[1]")
CANONICAL = XPath(
    "//link[@href][contains(concat(' ', " + _LOWER.format("normalize-space(@rel)") + ", ' '),"
    " ' canonical ')]/@href"
)
HTML_LANG = XPath(
    "/html/@lang | /html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"}
)
TIMES = XPath(".//time/@datetime")
JSON_LD = XPath("//script[" + _LOWER.format("normalize-space(@type)") + " = 'application/ld+json']")

# --- body text ---------------------------------------------------------------

# Main-content candidates, best first (see html._main_roots).
ARTICLE = XPath("(//article)[1]")
MAIN = XPath("(//main | //*[@role='main'])[1]")
BODY = XPath("(//body)[1]")
# Paragraphs a reader sees as body text: not captions, navigation or chrome.
PARAGRAPHS = XPath(
    ".//p[not(ancestor::figure or ancestor::figcaption or ancestor::nav or ancestor::header"
    " or ancestor::footer or ancestor::aside or ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template or ancestor::form"
    f" or ancestor::*[{_has_class('wp-caption')}])][not({_has_class('wp-caption-text')})]"
)

# --- WordPress exports (WXR) -------------------------------------------------

# The wp: namespace changes with the export version (1.0 to 1.2), so the
# reader takes it from the document; these two do not.
WXR_NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
WXR_CHANNEL = XPath("/rss/channel")
WXR_ITEMS = XPath("item")
# Categories and tags of a post (not other taxonomies such as post formats).
WXR_CATEGORIES = XPath("category[@domain = 'category' or @domain = 'post_tag']")
