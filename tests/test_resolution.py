"""Which canonical name a speaker mention resolves to (names, pronouns, descriptions).

Every article here is made up for the test (invented places and people).
"""

from __future__ import annotations

import pytest

import saidwhat
from saidwhat.model import Quote


def statement(text: str, words: str) -> Quote:
    """The quote whose content holds ``words``."""
    quotes = saidwhat.extract(text)
    found = [q for q in quotes if any(words in text[s.start : s.end] for s in q.spans)]
    assert found, [q.text_of(text) for q in quotes]
    return found[0]


def test_a_description_with_a_name_in_apposition_resolves_to_the_name():
    text = (
        "The ferry company lost its appeal on Monday.\n\n"
        "A lawyer for the ferry company, Odile Varga, said no decision had been made about a new appeal."
    )
    q = statement(text, "no decision had been made")
    assert q.attribution.name == "Odile Varga"
    text = (
        "In a statement, one of the harbour board's attorneys, Tamsin Holloway, said the records were "
        "complete."
    )
    assert statement(text, "the records were complete").attribution.name == "Tamsin Holloway"


def test_a_newspaper_named_by_its_last_word_stays_the_newspaper():
    text = (
        "The Kelvale Harbour Times reported on Sunday that the pier had been closed for a month.\n\n"
        "The Times said the closure had cost the town its summer trade."
    )
    q = statement(text, "the closure had cost the town")
    assert q.attribution.kind == "organization"
    assert q.attribution.name == "Kelvale Harbour Times"


def test_a_council_named_by_its_last_words_is_the_whole_council():
    text = (
        "The Northern Waters Fishing Council on Monday asked for new quotas.\n\n"
        "The Fishing Council said stocks had fallen by a third."
    )
    q = statement(text, "stocks had fallen by a third")
    assert q.attribution.kind == "organization"
    assert q.attribution.name == "Northern Waters Fishing Council"


def test_a_name_resolves_to_its_fullest_form_with_a_middle_initial():
    text = (
        "The ferry strike entered its third week.\n\n"
        "“We will not sign,” Ines Okafor said on Monday.\n\n"
        "Okafor added that the union had asked for a mediator.\n\n"
        "A letter signed by Ines Q. Okafor was sent to the harbour board in May."
    )
    assert statement(text, "We will not sign").attribution.name == "Ines Q. Okafor"
    assert statement(text, "the union had asked for a mediator").attribution.name == "Ines Q. Okafor"


def test_a_nickname_resolves_to_the_formal_name_written_around_it():
    text = (
        'In a tradition he has kept for years, Rep. Thomas K. "Tom" Aldane opened his garden to the town.\n\n'
        "“This is a big year for the harbour,” Aldane said.\n\n"
        "Tom Aldane said he would run for the Senate seat."
    )
    assert statement(text, "This is a big year").attribution.name == 'Thomas K. "Tom" Aldane'
    assert statement(text, "he would run for the Senate seat").attribution.name == 'Thomas K. "Tom" Aldane'


def test_a_surname_matches_its_full_name_whatever_the_apostrophe():
    text = (
        "The ferry was late again, according to Harbour Commissioner Liam O’Farrell.\n\n"
        "“The engines are older than I am,” said O'Farrell, on his first day in the post."
    )
    assert statement(text, "The engines are older").attribution.name == "Liam O’Farrell"


def test_a_surname_with_a_particle_matches_its_full_name_whatever_the_case():
    text = (
        "The harbour pilot Yusuf bin Rashed guided the tanker in on Friday.\n\n"
        "Bin Rashed said the channel had never been so crowded."
    )
    assert statement(text, "the channel had never been so crowded").attribution.name == "Yusuf bin Rashed"
    text = (
        "Mayor Ana de Soto opened the new pier on Monday.\n\n"
        "De Soto said the town would build a second one next year."
    )
    assert statement(text, "the town would build a second one").attribution.name == "Ana de Soto"


def test_an_organization_is_named_by_its_whole_name_in_the_mention():
    text = (
        "The ferry fares rose again in March.\n\n"
        "The Committee for a Fair Harbour Budget said the rise would cost each family more.\n\n"
        "Citizens for Clean Water estimated that the new pier would double the traffic.\n\n"
        "The Kelvale Ferry and Harbour Commission said it would review the fares."
    )
    cases = {
        "the rise would cost each family more": "Committee for a Fair Harbour Budget",
        "the new pier would double the traffic": "Citizens for Clean Water",
        "it would review the fares": "Kelvale Ferry and Harbour Commission",
    }
    for words, name in cases.items():
        q = statement(text, words)
        assert (q.attribution.kind, q.attribution.name) == ("organization", name)


def test_an_acronym_with_dots_resolves_to_the_organization_it_abbreviates():
    text = (
        "The Kelvale Port Authority opened an inquiry into the collision on Monday.\n\n"
        "The K.P.A. said the inquiry would take a month."
    )
    q = statement(text, "the inquiry would take a month")
    assert q.attribution.name == "Kelvale Port Authority"


def test_joint_organizations_keep_both_names():
    text = "Ruritania and Veldonia said the treaty would be signed in May."
    q = statement(text, "the treaty would be signed in May")
    assert q.attribution.name == "Ruritania & Veldonia"


def test_a_surname_shared_by_two_people_is_the_one_just_quoted_in_full():
    text = (
        "Paul Varga, the tourism minister, said the new pier would open on Monday.\n\n"
        "“It is a great day for Kelvale,” Varga said.\n\n"
        "Harbour Commissioner Nadia Varga says the pier cost twice its budget.\n\n"
        "Varga said the overrun would be paid by the port, not by the town.\n\n"
        "“Nobody will pay more for a ticket,” she said."
    )
    assert statement(text, "It is a great day").attribution.name == "Paul Varga"
    assert statement(text, "the overrun would be paid").attribution.name == "Nadia Varga"
    assert statement(text, "Nobody will pay more").attribution.name == "Nadia Varga"


def test_an_indefinite_description_in_the_opening_is_the_person_named_next():
    text = (
        "Ferry strike may go on, court rules.\n\n"
        "A Kelvale judge has ruled that the ferry strike may go on until the end of the month.\n\n"
        "High Court Justice Miriam Okonkwo rejected the company's argument in a ruling released Thursday.\n\n"
        "A spokesman for the company said it would appeal."
    )
    assert statement(text, "the ferry strike may go on until").attribution.name == "Miriam Okonkwo"
    # past the opening, "a spokesman" is someone the article does not name
    assert statement(text, "it would appeal").attribution.name != "Miriam Okonkwo"


def test_a_description_set_after_a_name_resolves_to_that_name():
    text = (
        "Three people were questioned on Monday, among them Odile Varga, a harbour clerk who said she had "
        "seen the ledgers burn."
    )
    assert statement(text, "she had seen the ledgers burn").attribution.name == "Odile Varga"


def test_a_vice_title_or_the_other_party_is_another_office():
    text = (
        "Lena Ostrova, the Democratic presidential nominee, said on Monday that the pier would be rebuilt.\n\n"
        "Ada Price, the Democratic vice presidential nominee, said the harbour needed a new board.\n\n"
        "Tom Harlan, the Republican presidential nominee, said the plan cost too much.\n\n"
        "The Democratic presidential nominee said later that the cost would be shared with the port."
    )
    assert statement(text, "the cost would be shared").attribution.name == "Lena Ostrova"


def test_a_possessor_opening_a_role_is_someone_else():
    text = (
        "Mayor Ivo Holt said on Monday that the bridge would reopen in May.\n\n"
        "Mara Lind, the mayor's eldest daughter, said the family would attend the opening.\n\n"
        "The mayor said the toll would be dropped."
    )
    assert statement(text, "the toll would be dropped").attribution.name == "Ivo Holt"


def test_an_opinion_piece_first_person_is_its_author():
    text = (
        "The pier can still be saved.\n\n"
        "Last spring I argued that the harbour board was wasting its money on studies.\n\n"
        "“We will decide in May,” the chairman told me.\n\n"
        "Ines Q. Okafor is a lecturer in marine engineering at Kelvale Polytechnic."
    )
    assert statement(text, "the harbour board was wasting").attribution.name == "Ines Q. Okafor"


def test_first_person_without_an_authors_note_stays_unnamed():
    text = "Last spring I argued that the harbour board was wasting its money on studies."
    assert statement(text, "the harbour board was wasting").attribution.name is None



def test_a_bare_shared_surname_keeps_its_weight_for_the_one_it_names():
    from saidwhat.extract.resolve import Entities

    text = (
        "Paul Varga, the tourism minister, said the pier would open on Monday. "
        "His cousin Tom Varga runs the ferry. Ivo Lind, a pilot, said nobody had built a pier here. "
        "Varga bristles at the suggestion he is not ready."
    )
    ents = Entities(text=text)
    ents.add_person(["Paul", "Varga"], 0, weight=3)
    ents.add_person(["Tom", "Varga"], text.index("Tom"), weight=1)
    ents.add_person(["Ivo", "Lind"], text.index("Ivo"), weight=3)
    bare = text.index("Varga bristles")
    ents.note(bare, 0, "person", 1)  # the parser saw Paul Varga's surname, not as a main subject
    ents.note(bare, 1, "person", 2)  # a scan of the text noted it for Tom Varga too, opening a sentence
    ents.events.sort(key=lambda e: e[0])
    # the mention is Paul Varga's (quoted under his full name just before), and carries its weight for him
    assert ents.salient(bare + 40, gender="m") == "Paul Varga"


def test_an_abbreviated_title_with_its_dot_is_no_part_of_the_name():
    text = "“The vote was rushed,” said Del. Marta Quill of the Kelvale Islands, the panel's newest member."
    assert statement(text, "The vote was rushed").attribution.name == "Marta Quill"


def test_a_name_whose_letters_were_garbled_in_transit_is_repaired():
    garbled = "Ra\u00fal Marchal".encode("utf-8").decode("latin-1")  # "RaÃºl Marchal"
    text = f"“The harbour will reopen in May,” said Harbour Commissioner {garbled} on Monday."
    assert statement(text, "The harbour will reopen").attribution.name == "Ra\u00fal Marchal"
    assert statement("“We are ready,” said Åsa Lind on Monday.", "We are ready").attribution.name == "Åsa Lind"


def test_a_campaign_owned_by_a_pronoun_is_its_holders_campaign():
    text = (
        "Governor Lena Ostrova said on Monday that she would run for the Senate.\n\n"
        "Her campaign said it had raised two million dollars in a week."
    )
    q = statement(text, "it had raised two million dollars")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Ostrova campaign")


def test_a_surname_written_before_a_hyphenated_given_name_resolves_to_the_whole_name():
    text = (
        "The harbour talks ended without a deal.\n\n"
        "The envoy, Seo Min-jae, met both sides on Monday. Mr. Seo said the talks would resume in May.\n\n"
        "He said the two sides were closer than they had been a year ago."
    )
    assert statement(text, "the talks would resume").attribution.name == "Seo Min-jae"
    assert statement(text, "the two sides were closer").attribution.name == "Seo Min-jae"


def test_a_two_word_surname_reached_by_a_pronoun_takes_the_full_name():
    text = (
        "The strike at the port of Kelvale is in its second week.\n\n"
        "Adaeze Nwosu Okparu, the dockers' leader, met the harbour board on Monday. Nwosu Okparu has "
        "led the dockers for a decade, and Nwosu Okparu's deputy was at her side.\n\n"
        "“We will stay out until the board listens,” she said after the meeting."
    )
    assert statement(text, "We will stay out").attribution.name == "Adaeze Nwosu Okparu"


def test_a_company_named_by_its_first_word_is_the_company():
    text = (
        "Tarrow Mining closed its last pit in the valley on Friday.\n\n"
        "Tarrow said the seam had run out, and that the site would be sold.\n\n"
        "Even Lindqvist Brandt, the mayor, said the town would miss the work."
    )
    q = statement(text, "the seam had run out")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Tarrow Mining")
    assert statement(text, "the town would miss the work").attribution.name == "Lindqvist Brandt"


def test_an_organization_described_by_its_words_is_the_one_whose_name_holds_them():
    text = (
        "The Fourth Circuit Court of Appeals heard the ferry case on Monday. A district court had "
        "thrown it out in May.\n\n"
        "The appeals court said the harbour board had broken its own rules."
    )
    q = statement(text, "the harbour board had broken")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Fourth Circuit Court of Appeals")


def test_a_union_introduced_before_its_name_is_that_union_afterwards():
    text = (
        "A union representing harbour pilots said on Thursday that it backed the strike.\n\n"
        "In a statement, the Kelvale Pilots Association said its members would stay ashore.\n\n"
        "The union said the harbour board had ignored three letters."
    )
    q = statement(text, "the harbour board had ignored")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Kelvale Pilots Association")


def test_a_report_speaks_for_the_organization_that_wrote_it():
    text = (
        "The Tarrow Valley Institute published its yearly survey on Monday.\n\n"
        "The Institute report said the valley had lost a fifth of its jobs since 2010."
    )
    q = statement(text, "the valley had lost a fifth")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Tarrow Valley Institute")


def test_a_surname_misspelt_by_one_letter_is_the_person_named_in_full():
    text = (
        "Two dockers, Tomasz Wielgosz and Bryn Ellery, spoke after the vote.\n\n"
        "Welgosz said the board had not kept its word.\n\n"
        "The Ellerys said they would leave the town."
    )
    assert statement(text, "the board had not kept its word").attribution.name == "Tomasz Wielgosz"
    assert statement(text, "they would leave the town").attribution.name != "Bryn Ellery"


def test_a_pronoun_speaker_is_the_one_who_spoke_before_not_one_named_in_her_words():
    text = (
        "The harbour board met on Monday.\n\n"
        "Susan Okafor, a commissioner, said Mary Lindqvist had misled the board and that Lindqvist "
        "should resign.\n\n"
        "“We were never told what it would cost,” she said."
    )
    assert statement(text, "We were never told").attribution.name == "Susan Okafor"


def test_a_surname_with_a_neutral_title_is_the_person_a_courtesy_title_names():
    text = (
        "Governor Harlan defended the bridge budget on Monday. “The bridge will be finished by "
        "spring,” Mr. Harlan said.\n\n"
        "His wife, Mary Harlan, who leads a literacy charity, said she would campaign for him in the fall.\n\n"
        "The budget office released its figures on Tuesday after a long delay, showing that the bridge "
        "had cost a third more than planned, largely because steel prices rose over the winter.\n\n"
        "Governor Harlan said the state would not raise taxes to pay for the bridge."
    )
    names = {q.text_of(text)[:20]: q.attribution.name for q in saidwhat.extract(text)}
    assert names["the state would not "] == "Harlan"
    assert names["she would campaign f"] == "Mary Harlan"


def test_a_name_after_the_client_of_a_description_is_the_descriptions_name():
    # the parser hangs "Mara Quint" on "Ellison", but it names the attorney
    text = (
        "The ferry inquiry met again on Tuesday.\n\n"
        "An attorney for Ellison, Mara Quint, stressed that her client was ready to testify in private."
    )
    assert statement(text, "her client was ready").attribution.name == "Mara Quint"


def test_a_panel_of_a_court_speaks_for_the_whole_court():
    text = (
        "A three-judge panel of the U.S. Court of Appeals for the Ninth Circuit said the ferry rule "
        "was unlawful.\n\n"
        "The appeals court said the harbour board had ignored its own notice period."
    )
    for words in ("the ferry rule", "the harbour board had ignored"):
        q = statement(text, words)
        assert (q.attribution.kind, q.attribution.name) == (
            "organization",
            "U.S. Court of Appeals for the Ninth Circuit",
        )


def test_the_newspaper_is_the_outlet_named_before_it():
    text = (
        "The harbour fund's spending was first reported by The Kelvale Gazette. The newspaper has also "
        "said that the fund paid for the treasurer's boat."
    )
    q = statement(text, "the fund paid for")
    assert (q.attribution.kind, q.attribution.name) == ("organization", "Kelvale Gazette")


def test_a_capital_that_only_starts_a_sentence_owns_no_campaign():
    text = (
        "Marta Quell opened her campaign office in Kelvale on Monday.\n\n"
        "After campaign staff left, the lights stayed on.\n\n"
        "The campaign said the office would stay open all night."
    )
    q = statement(text, "the office would stay open")
    assert q.attribution.name != "After campaign"


def test_her_statement_is_hers_and_a_named_owners_letter_is_theirs():
    text = (
        "Mara Quint testified before the harbour board on Friday. Her statement said the fund had "
        "paid for a boat.\n\n"
        "Senator Rhea Calloway spoke in Kelvale on Monday. Calloway's letter said the pier was safe."
    )
    assert statement(text, "the fund had paid").attribution.name == "Mara Quint"
    q = statement(text, "the pier was safe")
    assert (q.attribution.kind, q.attribution.name) == ("person", "Rhea Calloway")


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        # a group is named without how many of it spoke
        ("Most analysts expect the ferry fares to rise again before the summer.", "the ferry fares", "analysts"),
        ("A few residents said the pier had been unsafe for years.", "the pier had been unsafe", "residents"),
        # a statement from someone, or a study by someone, is theirs
        ("According to a statement from the Kelvale Harbour Board, the pier will stay closed through April.",
         "the pier will stay closed", "Kelvale Harbour Board"),
        ("A study by Ilse Marquardt found that the pilings had rotted.", "the pilings had rotted", "Ilse Marquardt"),
    ],
)
def test_who_a_group_or_a_document_stands_for(text, words, name):
    assert statement(text, words).attribution.name == name


def test_a_role_reads_as_the_article_writes_it():
    text = ("The harbour board's longtime chief engineer, Ilse Marquardt, said the pilings were sound. "
            "Republican front-runner Tomas Reyes said the vote would be close.")
    roles = {q.attribution.name: q.attribution.role for q in saidwhat.extract(text)}
    assert roles == {"Ilse Marquardt": "harbour board's longtime chief engineer",
                     "Tomas Reyes": "Republican front-runner"}


def test_a_role_keeps_its_inner_words_and_loses_a_courtesy_title():
    text = ("Ilse Marquardt, the chairman of the Kelvale Harbour Board, said the pilings were sound. "
            "Kelvale Herald security editor Dr. Tomas Reyes said the vote would be close. "
            "Ada Brandt, the take-a-back-seat governor, said the port would wait. "
            "Sen. Maria Lopez, the steady hand: Ruiz!, said the bill would pass.")
    roles = {q.attribution.name: q.attribution.role for q in saidwhat.extract(text)}
    assert roles["Ilse Marquardt"] == "chairman of the Kelvale Harbour Board"
    assert roles["Tomas Reyes"] == "Kelvale Herald security editor"
    assert roles["Ada Brandt"] == "take-a-back-seat governor"
    assert roles["Maria Lopez"] in (None, "Sen.")  # no role runs over a colon


def test_an_organization_with_a_hyphen_in_its_name_is_named_as_written():
    text = ("The Kelvale Sun-Times reported on Sunday that the pier had been closed.\n\n"
            "The Sun-Times said the closure had cost the town its summer trade.")
    assert statement(text, "the closure had cost").attribution.name == "Kelvale Sun-Times"


def test_someone_elses_spokesman_is_not_the_last_person_named():
    text = ("Sen. Maria Lopez said the bill would pass. Rep. John Tamsin said he would vote against it.\n\n"
            "Tamsin’s spokesman said the congressman was not available.")
    q = statement(text, "the congressman was not available")
    assert (q.attribution.name, q.attribution.kind) == (None, "person")
    assert text[q.attribution.mention.start : q.attribution.mention.end] == "Tamsin’s spokesman"
