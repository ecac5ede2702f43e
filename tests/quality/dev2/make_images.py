"""Write the tiny stand-in images of the dev2 galleries (deterministic).

Run ``python tests/quality/dev2/make_images.py``: for every gallery folder it
reads the article, and writes each figure's image where the article expects
it (``images/attachment_<id>.jpg`` for shortcode posts, the ``src`` path for
HTML pages), a 48x32 JPEG in one colour taken from the gallery and figure.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image

from archive.parse import load_article

HERE = Path(__file__).resolve().parent


def _target(folder: Path, attachment: str | None, src: str | None) -> Path:
    if attachment:
        return folder / "images" / f"attachment_{attachment}.jpg"
    assert src and not src.startswith(("/", "http")), src
    return folder / src


def main() -> None:
    """Write every gallery's images."""
    for gold_path in sorted(HERE.glob("*/gold.json")):
        folder = gold_path.parent
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = load_article(folder / gold["input"])
        for fig in article.figures:
            path = _target(folder, fig.image.attachment_id, fig.image.src)
            digest = hashlib.sha256(f"{folder.name}/{fig.index}".encode()).digest()
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (48, 32), tuple(digest[:3])).save(path, "JPEG", quality=80)


if __name__ == "__main__":
    main()
