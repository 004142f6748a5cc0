"""Word-level views of quote text for matching: one tokenizer shared by blocking, alignment and diffs.

Matching forgives what outlets change without changing the statement (case, punctuation, curly or
straight apostrophes, contractions, accents); the relation and the diff are computed on the words as
printed, so a contraction still shows up as an alteration.
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

#: Contractions, written with or without the apostrophe (scraped pages often lose it). Only forms
#: that are not also ordinary words are listed without apostrophe ("its", "were", "well" are words).
_CONTRACTIONS = {
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "you're": "you are",
    "youre": "you are",
    "you've": "you have",
    "you'll": "you will",
    "you'd": "you would",
    "we're": "we are",
    "we've": "we have",
    "weve": "we have",
    "we'll": "we will",
    "we'd": "we would",
    "they're": "they are",
    "theyre": "they are",
    "they've": "they have",
    "theyve": "they have",
    "they'll": "they will",
    "they'd": "they would",
    "he's": "he is",
    "she's": "she is",
    "shes": "she is",
    "it's": "it is",
    "that's": "that is",
    "thats": "that is",
    "there's": "there is",
    "theres": "there is",
    "what's": "what is",
    "whats": "what is",
    "who's": "who is",
    "let's": "let us",
    "here's": "here is",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "arent": "are not",
    "wasn't": "was not",
    "wasnt": "was not",
    "weren't": "were not",
    "werent": "were not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "hasnt": "has not",
    "hadn't": "had not",
    "hadnt": "had not",
    "couldn't": "could not",
    "couldnt": "could not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "shouldn't": "should not",
    "shouldnt": "should not",
    "should've": "should have",
    "would've": "would have",
    "could've": "could have",
    "em": "them",
    "'em": "them",
}

_NUMBER_WORDS = {
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "first",
    "second",
    "third",
}

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it "
    "its this that these those i you he she we they me him her us them my your his our their "
    "not no do does did have has had will would can could should may might must so than then "
    "there here what which who whom whose all any some very just also about into over out up".split()
)


def fold(text: str) -> str:
    """Lower case without accents, with one apostrophe: what matching compares."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").replace("`", "'").lower()


def surface_words(text: str) -> list[str]:
    """The words as printed (punctuation dropped), for diffs and relations."""
    return _WORD_RE.findall(text)


def match_words(text: str) -> list[str]:
    """Folded words with contractions expanded: what blocking and alignment compare."""
    out: list[str] = []
    for word in _WORD_RE.findall(fold(text)):
        expanded = _CONTRACTIONS.get(word)
        if expanded is None and word.endswith("'s"):
            word = word[:-2]  # possessive: "ISIL's" and "ISILs" report the same words
        out.extend(expanded.split() if expanded else [word.replace("'", "")])
    return out


def numbers(words: list[str]) -> set[str]:
    """Numerals and number words: a statement with a different number is a different claim."""
    return {w for w in words if w.isdigit() or w in _NUMBER_WORDS}
