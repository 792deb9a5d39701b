"""Words as keyword search sees them: accent-folded, lower-case, stopwords known.

The full-text index (SQLite FTS5 `unicode61 remove_diacritics 2`) and the result
highlighter must agree on what a word is, or the window would mark words the index
never matched. Both go through `tokens()` / `fold()` here.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters and digits; "º"/"ª" (ordinal indicators, letters to Unicode) separate, so
#: "7º" is the word "7" (as the FTS tokenizer is told in store/fulltext.py).
WORD = re.compile(r"[^\W_ºª]+")

STOPWORDS_PT = frozenset("""
a à às ao aos as o os um uma uns umas de da das do dos d em na nas no nos num numa
por pela pelas pelo pelos para pra per com sem sob sobre entre até ate desde e é
ou mas nem que se não nao sim já ja mais menos muito muita muitos muitas pouco
como quando onde quem qual quais cujo cuja este esta estes estas isto esse essa
esses essas isso aquele aquela aquilo ele ela eles elas eu tu você voce vocês
voces nós nos vós lhe lhes me te seu sua seus suas meu minha meus minhas nosso
nossa nossos nossas foi ser são sao era está esta estão estao ter tem têm tinha
há ha seja sejam também tambem só so cada todo toda todos todas outro outra
outros outras mesmo mesma qualquer algum alguma alguns algumas nenhum nenhuma
""".split())

STOPWORDS_EN = frozenset("""
a an the and or but nor not no yes of in on at to from by for with without into
onto over under about as is are was were be been being am do does did done has
have had having it its this that these those there here which who whom whose what
when where why how all any each every both some such than then so too very can
could may might must shall should will would i you he she we they me him her us
them my your his our their mine yours ours theirs if else also just only own same
""".split())

#: Compared after `fold()`, so "não" and "nao" are both stopwords.
STOPWORDS = frozenset(unicodedata.normalize("NFD", w).encode("ascii", "ignore").decode()
                      for w in STOPWORDS_PT | STOPWORDS_EN)


def fold(text: str) -> str:
    """Lower-case without diacritics: "Informação" -> "informacao", "PÃO" -> "pao"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The folded words of `text`, in order (stopwords included)."""
    return WORD.findall(fold(text))


def query_terms(text: str) -> list[list[str]]:
    """What a person typed, as terms: each whitespace-separated piece's folded words.

    "NR-12 máquinas" -> [["nr", "12"], ["maquinas"]]: a code stays one term (a phrase),
    so "NR-12" never matches a text that merely has "nr" and "12" apart. Terms made
    only of stopwords are dropped, unless nothing else is left.
    """
    terms = [t for t in (tokens(piece) for piece in text.split()) if t]
    content = [t for t in terms if not all(w in STOPWORDS for w in t)]
    return content or terms


def content_words(text: str) -> set[str]:
    """The folded words of a query worth marking in a result (no stopwords)."""
    return {w for w in tokens(text) if w not in STOPWORDS}
