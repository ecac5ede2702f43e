"""Write the tiny stand-in images of the development galleries (deterministic).

Run ``python tests/quality/make_dev_images.py [SET ...]`` (default: every ``dev*``
set beside this script): for every gallery folder of a set it
reads the article, and writes each figure's image where the article expects
it (``images/attachment_<id>.jpg`` for shortcode posts, the ``src`` path for
HTML pages), a 48x32 JPEG in one colour taken from the gallery and figure.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from PIL import Image

from archive.parse import load_article

HERE = Path(__file__).resolve().parent


def _target(folder: Path, attachment: str | None, src: str | None) -> Path:
    if attachment:
        return folder / "images" / f"attachment_{attachment}.jpg"
    assert src and not src.startswith(("/", "http")), src
    return folder / src


def main(argv: list[str]) -> None:
    """Write every gallery's images in the sets named (or in every dev set)."""
    sets = [Path(a) for a in argv] or sorted(HERE.glob("dev*"))
    for gold_path in sorted(p for s in sets for p in s.glob("*/gold.json")):
        folder = gold_path.parent
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = load_article(folder / gold["input"])
        for fig in article.figures:
            path = _target(folder, fig.image.attachment_id, fig.image.src)
            digest = hashlib.sha256(f"{folder.name}/{fig.index}".encode()).digest()
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (48, 32), tuple(digest[:3])).save(path, "JPEG", quality=80)


if __name__ == "__main__":
    main(sys.argv[1:])
