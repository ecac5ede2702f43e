"""When two given names may be one person's: spellings, transliterations and short forms.

"Sergey" and "Sergei", "Aleksandr" and "Alexander" are one name spelt two
ways; "Mike" and "Michael", "Drew" and "Andrew", "Sasha" and "Alexander",
"Katya" and "Yekaterina" are a name and its short form. The table of short
forms is general knowledge of English (and common Russian) given names, like
the demonyms of the gazetteer; it holds no person. Spellings are compared
after transliteration and, failing that, by similarity.
"""

from __future__ import annotations

import difflib

from archive.extract.tokens import fold

# Short form -> the full names it is short for (folded).
_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "mike": ("michael",), "mick": ("michael",), "mikey": ("michael",), "misha": ("mikhail",),
    "bob": ("robert",), "bobby": ("robert",), "rob": ("robert",), "robbie": ("robert",),
    "bert": ("robert", "albert", "herbert"), "bill": ("william",), "billy": ("william",),
    "will": ("william",), "willie": ("william",), "rick": ("richard", "frederick", "eric"),
    "ricky": ("richard",), "rich": ("richard",), "dick": ("richard",), "jim": ("james",),
    "jimmy": ("james",), "jamie": ("james",), "tom": ("thomas",), "tommy": ("thomas",),
    "chris": ("christopher", "christina", "christine", "christian"), "kit": ("christopher",),
    "doug": ("douglas",), "dan": ("daniel",), "danny": ("daniel",), "dave": ("david",),
    "davy": ("david",), "joe": ("joseph",), "joey": ("joseph",), "ed": ("edward", "edwin"),
    "eddie": ("edward",), "ted": ("edward", "theodore"), "ned": ("edward",),
    "tim": ("timothy",), "steve": ("stephen", "steven"), "nick": ("nicholas", "nikolai"),
    "nicky": ("nicholas", "nicole"), "nikki": ("nicole",), "alex": ("alexander", "alexey",
    "alexandra", "alexis"), "sasha": ("alexander", "alexandra"), "sandy": ("sandra",
    "alexander"), "lyosha": ("alexey",), "jeff": ("jeffrey", "geoffrey"),
    "greg": ("gregory",), "matt": ("matthew",), "andy": ("andrew",), "drew": ("andrew",),
    "tony": ("anthony", "anton"), "ken": ("kenneth",), "kenny": ("kenneth",),
    "ron": ("ronald",), "ronnie": ("ronald",), "don": ("donald",), "donnie": ("donald",),
    "sam": ("samuel", "samantha"), "sammy": ("samuel",), "kate": ("katherine", "catherine",
    "kathleen", "kathryn"), "katie": ("katherine", "kathleen"), "kathy": ("katherine",
    "kathleen"), "cathy": ("catherine",), "katya": ("yekaterina", "ekaterina"),
    "liz": ("elizabeth",), "beth": ("elizabeth",), "betty": ("elizabeth",),
    "jenny": ("jennifer",), "jen": ("jennifer",), "pete": ("peter",),
    "fred": ("frederick",), "freddie": ("frederick",), "frank": ("francis", "franklin"),
    "jack": ("john",), "johnny": ("john",), "jon": ("jonathan",), "chuck": ("charles",),
    "charlie": ("charles",), "scotty": ("scott",), "wally": ("walter",), "walt": ("walter",),
    "gene": ("eugene",), "larry": ("lawrence",), "jerry": ("gerald", "jerome"),
    "terry": ("terence", "terrence"), "woody": ("woodrow",), "josh": ("joshua",),
    "ben": ("benjamin",), "benny": ("benjamin",), "nate": ("nathan", "nathaniel"),
    "stan": ("stanley",), "hank": ("henry",), "harry": ("henry", "harold"),
    "al": ("alan", "albert", "alfred"),
    "vlad": ("vladimir",), "volodya": ("vladimir",), "dima": ("dmitry", "dmitri"),
    "kolya": ("nikolai",), "seryozha": ("sergey",), "pasha": ("pavel",), "yura": ("yuri",),
    "fedya": ("fyodor",), "zhenya": ("yevgeny",), "lena": ("yelena", "elena"),
    "tanya": ("tatyana",), "natasha": ("natalya",), "masha": ("maria",), "sue": ("susan",),
    "susie": ("susan",), "peggy": ("margaret",), "meg": ("megan", "margaret"),
    "becky": ("rebecca",), "patty": ("patricia",), "pat": ("patrick", "patricia"),
    "val": ("valentina", "valery", "valerie"), "vicky": ("victoria",), "abby": ("abigail",),
    "jessie": ("jessica",), "jess": ("jessica",), "mandy": ("amanda",), "annie": ("anne",),
}  # fmt: skip

# Russian names in English: Sergey/Sergei, Aleksandr/Alexander, Yelena/Elena.
_TRANSLIT = (("ks", "x"), ("ey", "ei"), ("iy", "y"), ("yu", "iu"), ("kh", "h"))


def canonical_given(name: str) -> str:
    """A given name with its spelling variants levelled.

    >>> canonical_given("Aleksandr") == canonical_given("Alexander")
    True
    >>> canonical_given("Yelena") == canonical_given("Elena")
    True
    """
    f = fold(name)
    if f.startswith("ye") and len(f) > 3:
        f = f[1:]  # "Yekaterina" / "Ekaterina", "Yevgeny" / "Evgeny"
    for old, new in _TRANSLIT:
        f = f.replace(old, new)
    if f.endswith("y") and len(f) > 3:
        f = f[:-1] + "i"  # Dmitry / Dmitri, Yury / Yuri
    return f.replace("er", "r").rstrip("r")  # Aleksandr / Alexander


def _full_forms(name: str) -> set[str]:
    return {canonical_given(full) for full in _SHORT_FORMS.get(fold(name), ())}


def given_match(a: str, b: str) -> str | None:
    """How two given names may be one: ``"same"`` (one name, spelt alike or nearly),
    ``"short"`` (a short form or an initial of the other) or None.

    >>> given_match("Sergey", "Sergei"), given_match("Drew", "Andrew")
    ('same', 'short')
    >>> given_match("Katya", "Yekaterina"), given_match("Scott", "Mark")
    ('short', None)
    """
    ca, cb = canonical_given(a), canonical_given(b)
    if ca == cb:
        return "same"
    fa, fb = fold(a), fold(b)
    if (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb)):
        return "short"
    short_a, short_b = _full_forms(a), _full_forms(b)
    if cb in short_a or ca in short_b or short_a & short_b:
        return "short"
    if difflib.SequenceMatcher(None, ca, cb).ratio() >= 0.8 and ca[:1] == cb[:1]:
        return "same"
    return None


def same_given(a: str, b: str) -> bool:
    """Two given names that may belong to one person ("Mike"/"Michael", "Sergey"/"Sergei").

    >>> same_given("Mike", "Michael"), same_given("Sergey", "Sergei"), same_given("Scott", "Mark")
    (True, True, False)
    """
    return given_match(a, b) is not None
