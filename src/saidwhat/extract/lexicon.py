"""Word lists the rules use: reporting verbs, what they take as content, and kinds of speakers."""

from __future__ import annotations

import re

# Verbs of saying: their clausal complement is reported speech.
SPEECH_VERBS = {
    "say", "tell", "add", "state", "note", "explain", "argue", "claim", "insist", "stress", "warn",
    "announce", "write", "tweet", "declare", "deny", "acknowledge", "admit", "suggest", "ask",
    "reply", "respond", "report", "predict", "promise", "vow", "confirm", "recall", "contend",
    "complain", "assert", "concede", "estimate", "testify", "remark", "joke", "quip", "maintain",
    "emphasize", "emphasise", "agree", "reiterate", "repeat", "observe", "mention", "reveal",
    "disclose", "allege", "charge", "counter", "caution", "boast", "lament", "recount", "proclaim",
    "pledge", "concur", "speculate", "predict", "hint", "indicate", "signal", "retort", "answer",
    "continue", "conclude", "post", "muse", "shout", "scream", "yell", "whisper", "brag", "grumble",
    "propose", "threaten", "assure", "inform", "advise", "remind", "write", "posit", "clarify",
    "point", "acknowledge", "affirm", "swear", "demand", "contend",
}
# Verbs of thinking and finding: PolNeAR annotates these attributions too.
BELIEF_VERBS = {
    "believe", "feel", "hope", "fear", "worry", "doubt", "consider",
    "find", "show", "conclude", "suspect", "assume", "understand", "realize", "insist", "learn",
    "argue", "suggest", "figure", "guess", "reckon", "imagine", "acknowledge", "recognize",
}
# Verbs whose direct object (not a clause) can be the content: "ruled out Russia's participation".
OBJECT_VERBS = {
    "stress", "rule", "express", "highlight", "deny", "announce", "describe", "call", "criticize",
    "criticise", "praise", "propose", "defend", "cite", "blame", "accuse", "question", "dismiss",
    "endorse", "condemn", "blast", "slam", "welcome", "reject", "urge", "demand",
    "acknowledge", "admit", "predict", "promise", "confirm", "emphasize", "underline",
    "dispute", "challenge", "mock", "laud", "applaud", "decry", "tout", "vow", "warn", "recommend",
    "suggest", "raise", "liken", "chant", "label", "dub", "brand", "term",
    "exhort", "hail", "deride", "lambaste", "advocate", "encourage", "refer", "quote", "compare",
    "characterize", "portray", "vow", "insist", "promise", "pledge", "tout", "decry",
}
# Verbs that report too rarely to be worth their false alarms (measured on PolNeAR train).
OBJECT_VERBS -= {"pledge", "vow", "promise", "support", "oppose", "attack"}
# Object verbs that only report with a particle or preposition ("ruled out", "called for").
OBJECT_VERB_PARTICLES = {"rule": {"out"}, "call": {"for", "on", "upon"}, "raise": {"concern", "concerns"},
                         "describe": {"as"}, "refer": {"to"}, "compare": {"to", "with"},
                         "point": {"to", "out"}}
CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | OBJECT_VERBS

# Cheap prefilter: a paragraph can hold an attribution only if it has a quotation mark, a colon
# or a word starting like a cue verb. A regex pass costs nothing next to a parse.
IRREGULAR_FORMS = {"said", "told", "wrote", "written", "thought", "knew", "known", "found", "according",
                   "spoke", "felt", "understood", "swore", "sworn"}
CUE_STEMS = sorted({v[:5] for v in CUE_VERBS} | IRREGULAR_FORMS, key=len, reverse=True)
PREFILTER_RE = re.compile(
    r"[\"“”«»„‟:]|''|``|\b(?:" + "|".join(re.escape(s) for s in CUE_STEMS) + ")",
    re.IGNORECASE,
)

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "we", "us"}
ORG_PRONOUNS = {"it"}
FIRST_PERSON = {"i", "me"}
RELATIVE = {"who", "which", "that", "whom"}

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "gen", "general", "secretary", "prof", "professor", "rev", "sir", "dame", "lord",
    "lady", "hon", "judge", "justice", "mayor", "minister", "chancellor", "pres", "vice", "sgt",
    "lt", "col", "capt", "adm", "cmdr", "speaker", "chairman", "chairwoman", "chair", "ambassador",
    "attorney", "commissioner", "councilman", "councilwoman", "senate", "former", "candidate",
    "nominee", "leader", "chief", "director", "ceo", "state", "prime", "first", "deputy", "house",
}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

# Nouns that name a group of people when plural or collective.
GROUP_NOUNS = {
    "officials", "analysts", "experts", "sources", "critics", "supporters", "people", "voters",
    "democrats", "republicans", "leaders", "lawmakers", "aides", "advisers", "advisors", "members",
    "economists", "researchers", "scientists", "observers", "residents", "witnesses", "police",
    "authorities", "investigators", "prosecutors", "activists", "protesters", "opponents", "allies",
    "americans", "others", "many", "some", "both", "polls", "surveys", "reports", "studies",
    "organizers", "officers", "doctors", "teachers", "students", "parents", "conservatives",
    "liberals", "progressives", "insiders", "strategists", "operatives", "staffers", "diplomats",
    "spokespeople", "representatives", "senators", "governors", "delegates", "candidates",
    "republicans", "democrats", "fans", "workers", "employees", "executives", "lawyers",
    "attorneys", "judges", "administrators", "commentators", "pundits", "historians", "scholars",
}
# Nouns that name an organization.
ORG_NOUNS = {
    "campaign", "administration", "department", "ministry", "court", "committee", "commission",
    "agency", "company", "firm", "government", "party", "newspaper", "network", "council",
    "office", "bureau", "house", "senate", "congress", "board", "group", "organization",
    "organisation", "union", "association", "institute", "foundation", "university", "report",
    "study", "poll", "survey", "statement", "website", "paper", "pentagon", "police", "fbi", "cia",
    "team", "club", "league", "federation", "coalition", "alliance", "center", "centre", "bank",
    "fund", "corporation", "inc", "corp", "times", "post", "journal", "news", "tribune", "review",
}
# Singular nouns that describe one person ("the senator", "the French defense minister").
PERSON_NOUNS = {
    "president", "senator", "minister", "secretary", "nominee", "candidate", "judge", "governor",
    "businessman", "businesswoman", "official", "spokesman", "spokeswoman", "spokesperson",
    "mayor", "chairman", "chairwoman", "chair", "director", "leader", "lawmaker", "congressman",
    "congresswoman", "representative", "ambassador", "general", "commander", "adviser", "advisor",
    "aide", "analyst", "expert", "professor", "economist", "researcher", "attorney", "lawyer",
    "prosecutor", "chief", "head", "founder", "ceo", "executive", "manager", "woman", "man",
    "author", "writer", "reporter", "columnist", "host", "anchor", "democrat", "republican",
    "counterpart", "chancellor", "premier", "king", "queen", "prince", "princess", "pope",
    "diplomat", "strategist", "pollster", "activist", "singer", "actor", "actress", "star",
    "coach", "player", "champion", "doctor", "physician", "scientist", "officer", "sheriff",
    "commissioner", "speaker", "veteran", "mother", "father", "wife", "husband", "son",
    "daughter", "student", "teacher", "resident", "witness", "owner", "operative", "staffer",
    "strategist", "vice", "deputy", "incumbent", "challenger", "frontrunner", "billionaire",
    "mogul", "magnate", "investor", "entrepreneur", "historian", "scholar", "friend", "pastor",
}

# Common given names, for the gender agreement of "he" and "she" (a name not listed decides nothing).
FEMALE_NAMES = set("""
hillary melania ivanka michelle loretta elizabeth nancy kellyanne sarah susan mary patricia jennifer linda
barbara margaret dorothy lisa karen betty helen sandra donna carol ruth sharon laura kimberly deborah
jessica shirley cynthia angela melissa brenda amy anna rebecca virginia kathleen pamela martha debra
amanda stephanie carolyn christine marie janet catherine frances ann joyce diane alice julie heather
teresa doris gloria evelyn jean cheryl mildred katherine joan judith rose janice kelly nicole judy
christina kathy theresa beverly denise tammy irene jane lori rachel marilyn andrea kathryn louise
sara anne jacqueline wanda bonnie julia ruby lois tina phyllis norma paula diana annie lillian emily
robin peggy crystal gladys rita dawn connie florence tracy edna tiffany carmen rosa cindy grace wendy
victoria edith kim sherry sylvia josephine thelma shannon sheila ethel ellen elaine marjorie carrie
charlotte monica esther pauline emma juanita anita rhonda hazel amber eva debbie april leslie clara
lucille jamie joanne eleanor valerie danielle megan alicia suzanne michele gail bertha darlene veronica
jill erin geraldine lauren cathy joann lorraine lynn sally regina erica beatrice dolores bernice audrey
yvonne annette june samantha marion dana stacy ana renee ida vivian roberta holly brittany melanie
loretta yolanda jeanette laurie katie kristen vanessa alma sue elsie beth jeanne vicki carla tara rosemary
eileen terri gertrude lucy tonya ella stacey wilma gina kristin jessie natalie agnes vera willie charlene
bessie delores melinda pearl arlene maureen colleen allison tamara joy georgia constance lillie claudia
jackie marcia tanya nellie minnie marlene heidi glenda lydia viola courtney marian stella caroline dora
jo vickie mattie terry maxine irma mabel marsha myrtle lena christy deanna patsy hilda gwendolyn jennie
nora margie nina cassandra leah penny kay priscilla naomi carole brandy olga billie dianne tracey leona
jenny felicia sonia miriam velma becky bobbie violet kristina toni misty mae shelly daisy ramona sherri
erika katrina claire angelina chelsea huma donna brazile jacinda theresa angela serena venus madeleine
condoleezza nikki sheryl oprah tulsi kamala ilhan alexandria rashida ayanna stacey gretchen kirsten amy
""".split()) - {"terry", "willie", "jo", "kim", "jamie", "dana", "robin", "leslie", "tracy"}
MALE_NAMES = set("""
donald barack bernie bill joe mike tim ted marco jeb chris john james robert michael william david richard
joseph thomas charles christopher daniel matthew anthony mark paul steven andrew kenneth joshua kevin
brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
justin scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry tyler
aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith christian roger
noah gerald carl arthur lawrence dylan jesse jordan bryan billy bruce gabriel logan albert willie alan
juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry howard fred
rudy reince newt mitch paul harry chuck lindsey rand rick jim tom ben al dick dan don ed reid rex steve
sean ivan vladimir xi kim boris emmanuel francois angelo ash ashton jeh norman pat rush jon hugh marco
kerr keith robby tony mick mitt mitch newt jared eric hunter beau nigel tony justin shinzo narendra recep benjamin bibi hassan ali abdul
""".split()) - {"kim"}
