"""Speaker identity and statement clustering as pure functions, on hand-built records."""

from __future__ import annotations

from saidwhat.track import QuoteRecord, track
from saidwhat.track.speakers import NameUse, compatible, parse_name, resolve_speakers
from saidwhat.track.statements import QuoteItem, cluster_statements, segments, word_diff


def entities_of(names_by_article):
    uses = [
        NameUse(f"{art}#{i}", name, "person", None, art, None, None)
        for art, names in names_by_article.items()
        for i, name in enumerate(names)
    ]
    _, assignment = resolve_speakers(uses)
    return {u.quote: assignment[u.quote][0] for u in uses}


def test_namesakes_are_never_merged():
    ids = entities_of(
        {
            "a1": ["Ed Miliband", "David Miliband"],
            "a2": ["Serena Williams"],
            "a3": ["Venus Williams"],
            "a4": ["George H. W. Bush"],
            "a5": ["George W. Bush"],
            "a6": ["George Bush"],
        }
    )
    assert ids["a1#0"] != ids["a1#1"]
    assert ids["a2#0"] != ids["a3#0"]
    assert len({ids["a4#0"], ids["a5#0"], ids["a6#0"]}) == 3  # "George Bush" could be either


def test_short_forms_merge_with_evidence():
    uses = [
        NameUse("1", "Ash Carter", "person", "US Secretary of Defense", "a", None, None),
        NameUse("2", "Ashton Carter", "person", None, "b", None, None),
        NameUse("3", "Carter", "person", None, "c", None, None),
        NameUse("4", "Ash Carter", "person", None, "d", None, None),
    ]
    entities, assignment = resolve_speakers(uses)
    assert len({assignment[q][0] for q in "123"}) == 1
    (carter,) = entities
    assert carter.name == "Ash Carter"  # the form outlets use most
    assert "ash" in carter.aliases["Ashton Carter"] and "single person" in carter.aliases["Carter"]


def test_a_bare_surname_with_two_candidates_stays_in_its_article():
    ids = entities_of(
        {
            "a": ["Ed Miliband", "Miliband"],
            "b": ["David Miliband", "Miliband"],
            "c": ["Ed Miliband", "David Miliband", "Miliband"],
        }
    )
    assert ids["a#1"] == ids["a#0"] and ids["b#1"] == ids["b#0"]  # the only Miliband in the article
    assert ids["c#2"] not in (ids["c#0"], ids["c#1"])


def test_name_parts():
    bush = parse_name("George H. W. Bush")
    assert (bush.given, bush.middles, bush.surname) == ("george", ("h", "w"), "bush")
    assert parse_name("Jean-Yves Le Drian").surname == "le drian"
    assert compatible(parse_name("Rolf Heuer"), parse_name("Rolf-Dieter Heuer"))
    assert not compatible(parse_name("Ed Miliband"), parse_name("David Miliband"))


def item(qid, text, speaker="s1", date="2030-01-01"):
    return QuoteItem(qid, text, speaker, (date, "outlet", qid, 0))


def test_statements_cluster_trimmed_and_altered_but_not_different_numbers():
    items = [
        item(
            "full",
            "We have already begun laying the groundwork with our partners to commence the isolation.",
        ),
        item(
            "cut",
            "We've already begun laying groundwork to commence the isolation.",
            date="2030-01-02",
        ),
        item("frag", "laying the groundwork", date="2030-01-03"),
        item("n23", "There is no way I would be at 23 without her."),
        item("n1", "There is no way I would be at one without her."),
        item("other", "We have already begun laying the groundwork with our partners.", speaker="s2"),
        item("said", "The harbour will reopen in spring, and the fees will not rise.", speaker="s3"),
        item("repeat", "The harbour will reopen in spring, and the fees will not rise.", speaker="s4"),
    ]
    clusters, links = cluster_statements(items)
    of = {link.quote: link for link in links}
    assert of["full"].statement == of["cut"].statement == of["frag"].statement
    assert of["n23"].statement != of["n1"].statement
    # another speaker's wording, one outlet against one: two statements
    assert of["said"].statement != of["repeat"].statement
    # two outlets agree on the speaker of a wording that one outlet gives to someone else
    assert of["other"].statement == of["full"].statement
    assert of["full"].relation == "identical" and of["frag"].relation == "trimmed"
    assert of["cut"].relation == "altered"


def test_outvoted_attribution_takes_the_majority_speaker():
    recs = [
        QuoteRecord(
            str(n),
            "We lost the election and we lost it badly, and we know why.",
            name,
            "person",
            None,
            f"a{n}",
            f"a{n}",
            f"outlet {n}",
            "2031-01-01",
            0,
        )
        for n, name in enumerate(["Erin Vale", "Erin Vale", "Colm Barra"])
    ]
    t = track(recs)
    assert t.speaker_of["0"][0] == t.speaker_of["1"][0] == t.speaker_of["2"][0]
    assert "Colm Barra" in t.speaker_of["2"][1]  # the evidence names the outvoted attribution


def test_unattributed_quote_takes_the_speaker_of_its_statement():
    recs = [
        QuoteRecord(
            "1",
            "Nobody in this port will lose a job because of the dredging",
            "Ines Calloway",
            "person",
            None,
            "a",
            "a",
            "X",
            "2031-01-01",
            0,
        ),
        QuoteRecord(
            "2",
            "Nobody in this port will lose a job because of the dredging",
            None,
            "unknown",
            None,
            "b",
            "b",
            "Y",
            "2031-01-02",
            0,
        ),
    ]
    t = track(recs)
    assert t.speaker_of["2"][0] == t.speaker_of["1"][0]
    assert "elsewhere" in t.speaker_of["2"][1]


def test_segments_and_diff():
    text = "“She is my inspiration. There is no way I'd be at No. 23 without her,” she said."
    start = text.index("She")
    end = text.index("her,") + 3
    parts = [text[s:e] for s, e in segments(text, [(start, end)])]
    assert parts == ["She is my inspiration.", "There is no way I'd be at No. 23 without her"]
    assert word_diff("we have begun the work", "we've begun work") == (
        ("-", "we have"),
        ("+", "we've"),
        ("=", "begun"),
        ("-", "the"),
        ("=", "work"),
    )


def test_an_outlet_relaying_a_person_gives_way_to_the_person():
    """An article that credits a magazine with words other reports give to a person: the
    person's, and the magazine's other relayed words in that article go the same way."""

    def rec(qid, text, name, kind, article, mention, how="name"):
        return QuoteRecord(qid, text, name, kind, None, article, article, article, "2031-05-02", 0, None, how, mention)

    first = "Every one of these titles was won on the practice courts at dawn"
    second = "My sister taught me to lose before she taught me to win"
    recs = [
        rec("a1", first, "Harbour Weekly", "organization", "a", 10),
        rec("a2", second, "Harbour Weekly", "organization", "a", 10, "continues previous speaker"),
        rec("b1", first, "Lena", "person", "b", 5),
        rec("c1", second, None, "unknown", "c", None, None),
    ]
    t = track(recs)
    lena = t.speaker_of["b1"][0]
    assert t.speaker_of["a1"][0] == lena  # the person outvotes the outlet that relays her
    assert t.speaker_of["a2"][0] == lena  # the outlet's other relay through the same mention follows
    assert t.speaker_of["c1"][0] == lena  # and so does the statement's unattributed report
