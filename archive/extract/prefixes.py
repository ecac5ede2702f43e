"""What stands before a name besides the lexicon's words.

An order phrase between a person noun and a list ("taikonauts (from R) A,
B and C", "crew members, from left, A"), a relation before a comma ("Scott
Kelly's wife, astronaut Amiko Kauderer"), and job nouns the lexicon lacks
("geoscientist Sian Proctor", "data engineer Chris Sembroski").
"""

from __future__ import annotations

from archive.extract.refs import Chunk
from archive.extract.tokens import words

ORDER_WORDS = words("from left right to l-r r-l clockwise")
JOB_ENDINGS = ("ist", "er", "or", "ian", "ant", "ent", "eer", "ect", "ess")


def word_cat(c: Chunk) -> str:
    """The lexicon category of a people chunk ("role", "noun", "title"...), or ""."""
    return c.word.cat if c.word is not None else ""


def skip_order(chunks: list[Chunk], k: int) -> int:
    """Back over an order phrase between a person noun and a list: "(from R)", ", from left,"."""
    if k >= 1 and chunks[k].cat == "pos" and chunks[k - 1].cat == "people":
        return k - 1
    if k >= 2 and chunks[k].norm == "," and chunks[k - 1].norm in ORDER_WORDS:
        m = k - 1
        while m >= 0 and chunks[m].norm in ORDER_WORDS:
            m -= 1
        if m >= 1 and chunks[m].norm == "," and chunks[m - 1].cat == "people":
            return m - 1
    return k


def noun_modifier(chunks: list[Chunk], k: int, start: int) -> bool:
    """A lower-case word opening a list item before its title ("and data engineer X")."""
    c = chunks[k]
    if c.cat != "word" or not (c.text.isalpha() and c.text.islower()) or start != k + 1:
        return False
    return k >= 1 and chunks[k - 1].norm in {",", "and"} and word_cat(chunks[start]) == "title"


def job_word(chunks: list[Chunk], k: int) -> bool:
    """A lower-case job noun the lexicon lacks, opening a list item ("geoscientist X",
    "nurse practitioner X")."""
    if k < 1 or chunks[k].cat != "word":
        return False
    text = chunks[k].text
    if not (text.isalpha() and text.islower() and len(text) > 4 and text.endswith(JOB_ENDINGS)):
        return False
    m = job_start(chunks, k) - 1
    return m >= 0 and chunks[m].norm in {",", "and"}


def job_start(chunks: list[Chunk], k: int) -> int:
    """Back over the words of a job ("nurse practitioner"), two at most."""
    m = k
    while m > 0 and k - m < 2 and chunks[m - 1].cat in {"people", "word"}:
        if chunks[m - 1].norm in {",", "and", "the", "a"} or not chunks[m - 1].text.islower():
            break
        m -= 1
    return m


def relation(chunks: list[Chunk], k: int) -> bool:
    """A relation or office before a comma ("wife", "chief"), which the next name holds."""
    w = chunks[k].word if k >= 0 else None
    return w is not None and w.cat == "title" and not w.profession
