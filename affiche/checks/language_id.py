"""Find the passages of a French text that are in English, or of an English text in French.

Two judges must agree before a passage is reported:

- Word evidence. Each word weighs the log ratio of its frequency in English and in French,
  from the word-frequency lists that pyspellchecker ships (film subtitles, 140 000 to 160 000
  words per language). Shared words (migration, international, Canada) weigh almost nothing,
  so a cognate-heavy heading is not mistaken for the other language, while "programs", "the"
  or "des" weigh a lot. A run of words that together lean to the other language is a
  candidate passage, even inside a clause ("Programmes actuels de IMPR active programs").
- py3langid, the naive Bayes byte n-gram identifier of langid.py restricted to fr and en,
  reads the candidate passage as a whole and vetoes it unless it agrees.

Chosen identifier, measured on this machine (Python 3.11): py3langid 0.4.0 installs 4.5 MB
(plus numpy) and loads in 0.8 s (its model unpacked from LZMA: 68 MB, for 142 languages);
lingua-language-detector 2.1 installs a 100 MB binary and loads fr+en in 0.65 s. On two-word
fragments both are unsure (lingua reads "International engagement" as French at 0.74; py3langid
reads "active programs" as English at only 0.65), so neither can decide alone: the word evidence
finds the passage and the small identifier confirms it.

The model restricted to French and English is kept, unpacked, in the user's cache folder
($XDG_CACHE_HOME/affiche, else ~/.cache/affiche), under the digest of the model file it comes
from: a process that checks language (the editor, `check`, an XLIFF import) loads it in 0.1 s
instead of 0.8 s. Lost, damaged or unwritable, the cache is made again or done without.
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import os
import pkgutil
import re
import tempfile
import zipfile
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import AfficheError, Location
from ..model.languages import other as other_language


# One word weighs at most this many nats either way: no single loanword makes a passage.
WORD_EVIDENCE_CAP = 4.0
# A passage must lean this far, over at least two words, to be reported; the correct
# default content peaks at 3.0 ("assume", a French verb that is commoner in English),
# the legend line's "active programs" reaches 4.9.
PASSAGE_MIN_EVIDENCE = 4.5
PASSAGE_MIN_WORDS = 2
# A word less than twice as frequent in one language as in the other is shared by both
# (page, forum, and the "a" of "il a" and "a program").
SHARED_WORD_WEIGHT = math.log(2)
# The identifier's probability for the other language must reach this to confirm.
IDENTIFIER_MIN_CONFIDENCE = 0.6
# Words at least this frequent are the function words (le, de, the, of...).
FUNCTION_WORD_FREQUENCY = 1e-3

# French elided articles and pronouns, weighed as their full form: l'Argentine -> le.
ELISIONS = {"l": "le", "d": "de", "j": "je", "m": "me", "n": "ne", "s": "se", "t": "te", "c": "ce",
            "qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque"}

TOKENS = re.compile(r"""
    (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<url>(?:https?://|www\.)\S+)
  | (?P<placeholder>\{[a-z][a-z0-9_]*\})
  | (?P<number>\d\w*)
  | (?P<word>[^\W\d_][\w'’-]*[^\W_]|[^\W\d_])
  | (?P<stop>[.;:!?,()\[\]«»"“”‹›—–/]|\s-\s)
""", re.VERBOSE)
ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z0-9](?:['’]s)?|[A-Z][a-z]?\d\w*")
ELIDED = re.compile(r"(?i)(" + "|".join(ELISIONS) + r")['’](.+)")


@dataclass(frozen=True)
class Passage:
    """A stretch of text judged to be in `language`, with how strongly its words lean there."""

    text: str
    start: int
    end: int
    language: str
    evidence: float


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    weight: float  # nats towards English (positive) or French (negative); 0 for names and numbers


@cache
def frequencies(lang: str) -> tuple[dict[str, int], int, int]:
    """The packaged word counts for lang, their total and the list's cut-off count.

    Read straight from the package's data: building a SpellChecker would also index every
    word for spelling suggestions, tripling the load time for nothing used here.
    """
    try:
        data = pkgutil.get_data("spellchecker", f"resources/{lang}.json.gz")
    except OSError:
        data = None
    if data is None:
        raise missing_dependency("pyspellchecker")
    counts = json.loads(gzip.decompress(data))
    return counts, sum(counts.values()), min(counts.values())


def missing_dependency(package: str) -> AfficheError:
    return AfficheError(Location(package), "not installed, or installed without its data; the language "
                        "checks need it", "run ./install.sh or pip install -e .")


IDENTIFIED = ["fr", "en"]
CACHED_MODEL_FORMAT = 1  # the arrays kept (cached_identifier): a new format is another file


@cache
def identifier():
    try:  # imported here: numpy and the model load only when a language check runs
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    except ImportError:
        raise missing_dependency("py3langid") from None
    source, folder = Path(MODEL_DIR) / MODEL_FILE, cache_folder()
    kept = kept_model_file(folder, source) if folder else None
    model = cached_identifier(kept, LanguageIdentifier) if kept else None
    if model is None:
        model = LanguageIdentifier.from_model_file(source, norm_probs=True)
        model.set_languages(IDENTIFIED)
        if kept:
            keep_identifier(model, kept)
    return model


def cache_folder() -> Path | None:
    """$XDG_CACHE_HOME/affiche, else ~/.cache/affiche; None for a user without a home."""
    chosen = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if chosen.is_absolute():  # the XDG rule: a relative one is ignored
        return chosen / "affiche"
    try:
        return Path.home() / ".cache" / "affiche"
    except RuntimeError:
        return None


def kept_model_file(folder: Path, source: Path) -> Path:
    """Where the model restricted from `source` is kept: named by what it is made from, the model
    file's bytes, the languages and the format."""
    made_from = hashlib.sha256(source.read_bytes())
    made_from.update(f"{','.join(IDENTIFIED)} {CACHED_MODEL_FORMAT}".encode())
    return folder / f"language-model-{made_from.hexdigest()[:20]}.npz"


def cached_identifier(kept: Path, identifier_class):
    """The identifier from the arrays kept, as py3langid builds it from its own file; None when
    they are missing or damaged."""
    import numpy as np

    try:
        with np.load(kept, allow_pickle=False) as arrays:
            nextmove, row = (array(str(typecode), arrays[name].tobytes())
                             for typecode, name in zip(arrays["typecodes"], ("nextmove", "row")))
            return identifier_class(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), nextmove,
                                    arrays["output"].tolist(), norm_probs=True, tk_row=row)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


def keep_identifier(model, kept: Path) -> None:
    """The restricted model's arrays, written whole (a temporary file renamed) or not at all."""
    import numpy as np

    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=kept.parent, prefix=".language-model-", suffix=".npz")
    except OSError:
        return  # no cache folder to write in: the next process unpacks the model again
    tables = {"nextmove": model.tk_nextmove, "row": model.tk_row}  # stdlib arrays, as py3langid walks them
    try:
        with os.fdopen(handle, "wb") as temporary:
            np.savez(temporary, ptc=model.nb_ptc, pc=model.nb_pc, classes=np.array(model.nb_classes),
                     output=np.array(model.tk_output, dtype=np.int64),
                     typecodes=np.array([table.typecode for table in tables.values()]),
                     **{name: np.frombuffer(table, dtype=np.uint8) for name, table in tables.items()})
        os.replace(name, kept)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)


def identify(text: str) -> dict[str, float]:
    """The identifier's probability of each of fr and en for text."""
    return dict(identifier().rank(text))


def is_function_word(word: str, lang: str) -> bool:
    counts, total, _ = frequencies(lang)
    return counts.get(word.lower(), 0) / total >= FUNCTION_WORD_FREQUENCY


def lexical_weight(word: str, name_like: bool) -> float | None:
    """log(P(word|en) / P(word|fr)), capped; None when neither list knows the word.

    A word missing from a list is taken as rarer than the list's cut-off, and never counts
    for the language that lacks it. A capitalised word inside a clause that both lists know
    is a name (Canada, Immigration): how often subtitles mention it says nothing of language.
    """
    en_counts, en_total, en_cutoff = frequencies("en")
    fr_counts, fr_total, fr_cutoff = frequencies("fr")
    en, fr = en_counts.get(word), fr_counts.get(word)
    if en is None and fr is None:
        return None
    if name_like and en and fr:
        return 0.0
    weight = math.log((en or en_cutoff / 2) / en_total) - math.log((fr or fr_cutoff / 2) / fr_total)
    if en is None:
        weight = min(weight, 0.0)
    if fr is None:
        weight = max(weight, 0.0)
    return cap(weight)


def word_weight(token: str, clause_initial: bool) -> float:
    if ACRONYM.fullmatch(token):
        return 0.0
    word = token.lower().replace("’", "'")
    name_like = token[0].isupper() and not clause_initial
    weight = lexical_weight(word, name_like)
    if weight is not None:
        return weight
    elided = ELIDED.fullmatch(token.replace("’", "'"))
    if elided:
        article = lexical_weight(ELISIONS[elided.group(1).lower()], False) or 0.0
        return cap(article + word_weight(elided.group(2), False))
    if word.endswith("'s"):
        return word_weight(token[:-2], clause_initial)
    if "-" in word:  # capacity-building, Nouvelle-Zélande: the parts decide
        parts = [lexical_weight(part, name_like) for part in word.split("-") if part]
        return cap(sum(part for part in parts if part is not None))
    return 0.0


def cap(weight: float) -> float:
    return max(-WORD_EVIDENCE_CAP, min(WORD_EVIDENCE_CAP, weight))


def clauses(text: str) -> list[list[Word]]:
    """Words grouped into clauses, split at punctuation; names, numbers and addresses weigh 0."""
    result: list[list[Word]] = [[]]
    for match in TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "stop":
            result.append([])
        elif kind == "word":
            weight = word_weight(match.group(), clause_initial=not result[-1])
            result[-1].append(Word(match.group(), match.start(), match.end(), weight))
        else:
            result[-1].append(Word(match.group(), match.start(), match.end(), 0.0))
    return [clause for clause in result if clause]


def foreign_passages(text: str, lang: str) -> list[Passage]:
    """The passages of text, written as lang, that are in the other language.

    text is plain (no markup). A passage needs PASSAGE_MIN_EVIDENCE over PASSAGE_MIN_WORDS
    words. A text whose every telling word is foreign (a heading copied from the other
    language, "Legend" or "Page {page} of {pages}" as the French) needs only one word's full
    weight. Capitalised runs are names and pass ("the Université de Montréal", "New York"),
    except a whole text that holds the other language's function words ("Global Forum on
    Migration and Development" as a French heading).
    """
    other = other_language(lang)
    sign = 1.0 if other == "en" else -1.0
    signed = [[(word, sign * word.weight) for word in clause] for clause in clauses(text)]
    telling = [(word, weight) for clause in signed for word, weight in clause
               if abs(weight) >= SHARED_WORD_WEIGHT]
    if telling and all(weight > 0 for _, weight in telling):
        return whole_text_passage(text, [word for word, _ in telling], other)
    passages = []
    for clause in signed:
        for run in leaning_runs(clause):
            evidence = sum(weight for _, weight in run)
            leaning = [word for word, weight in run if weight >= SHARED_WORD_WEIGHT]
            start, end = run[0][0].start, run[-1][0].end
            if (evidence >= PASSAGE_MIN_EVIDENCE and len(leaning) >= PASSAGE_MIN_WORDS
                    and not looks_like_name(leaning, other) and confirmed(text[start:end], other)):
                passages.append(Passage(text[start:end], start, end, other, evidence))
    return passages


def whole_text_passage(text: str, leaning: list[Word], other: str) -> list[Passage]:
    evidence = sum(abs(word.weight) for word in leaning)
    has_function_words = any(is_function_word(word.text, other) for word in leaning)
    whole = text.strip()
    if (evidence < WORD_EVIDENCE_CAP or (looks_like_name(leaning, other) and not has_function_words)
            or not confirmed(whole, other)):
        return []
    start = text.index(whole)
    return [Passage(whole, start, start + len(whole), other, evidence)]


def looks_like_name(leaning: list[Word], lang: str) -> bool:
    """Two or more telling words, all capitalised but lang's function words (de, of)."""
    return len(leaning) >= 2 and all(word.text[0].isupper() or is_function_word(word.text, lang)
                                     for word in leaning)


def confirmed(passage: str, lang: str) -> bool:
    """Whether the identifier agrees, reading the passage's words without its names and figures."""
    words = " ".join(match.group() for match in TOKENS.finditer(passage)
                     if match.lastgroup == "word" and not ACRONYM.fullmatch(match.group()))
    return identify(words)[lang] >= IDENTIFIER_MIN_CONFIDENCE


def leaning_runs(clause: list[tuple[Word, float]]) -> list[list[tuple[Word, float]]]:
    """The run of consecutive words whose weights add up most, then the same left and right of it."""
    best_sum, best = 0.0, None
    running, start = 0.0, 0
    for index, (_, weight) in enumerate(clause):
        if running <= 0:
            running, start = 0.0, index
        running += weight
        if running > best_sum:
            best_sum, best = running, (start, index + 1)
    if best is None:
        return []
    first, last = best
    return leaning_runs(clause[:first]) + [clause[first:last]] + leaning_runs(clause[last:])
