"""Context rules of the armed_groups lexicon: labels that name the Islamic State, Kurdish or
pro-government forces, aircraft, or a proper name are not mentions of the armed opposition.

Hand-written sentences (not taken from any evaluation corpus).
"""

from __future__ import annotations

import pytest

from framing.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(paths=[])


def armed(lex, text):
    return [(m.label, text[m.start:m.end]) for m in lex.find(text) if m.referent == "armed_groups"]


@pytest.mark.parametrize("text", [
    # the Islamic State named with a second label in between
    "Aircraft struck the Daesh Takfiri terrorists overnight.",
    "Troops pushed back the ISIL Takfiri terrorists.",
    "Shelling hit Islamic State terror group militants east of the river.",
    "Planes bombed the Daesh terrorist group fighters near the dam.",
    # a common transliteration of Daesh
    "Clashes with the Daish terrorist organization continued.",
    # a label right before the Islamic State's name is its apposition
    "the jihadist Islamic State group seized the town",
    "The terrorist organisation Daesh claimed the bombing.",
    "the extremist ISIS fired shells",
    "the Takfiri group ISIL claimed the attack",
    "the militant IS group retreated",
    # Kurdish forces
    "Kurdish militia fighters held the crossing.",
    "an alliance of Kurdish and Arab fighters advanced",
    "fighters from the Kurdish People's Protection Units entered the village",
    "militants of the PKK crossed the border",
    "fighters from the Syrian Democratic Forces took the dam",
    # pro-government forces
    "Government forces and allied fighters retook the hill.",
    "regime and allied fighters were killed",
    "a strike killed three Popular Defence fighters",
    # aircraft
    "Russian fighter jets struck the area.",
    "the regime's jet fighters dropped bombs",
    # the opposition's political coalition by its proper name
    "the National Coalition for Syrian Revolutionary and Opposition Forces said",
    "the National Coalition for Syrian Revolution and Opposition Forces said",
])
def test_not_the_armed_opposition(lex, text):
    assert armed(lex, text) == []


@pytest.mark.parametrize("text,expected", [
    # the same labels keep counting for the armed opposition
    ("Terrorists fired shells at the city.", [("terrorist", "Terrorists")]),
    ("the jihadist group fired shells", [("jihadist", "jihadist group")]),
    ("rebels and allied militias attacked", [("rebel", "rebels")]),
    ("fighters from the rebel groups", [("fighter", "fighters"), ("rebel", "rebel groups")]),
    ("rebel fighters shot down a jet", [("rebel", "rebel fighters")]),
    ("The revolutionary forces took the town.", [("revolutionary", "revolutionary forces")]),
    ("opposition forces entered the town", [("opposition", "opposition forces")]),
    # "is" is a verb: case-sensitive rules only see "IS" in capitals
    ("the militant group is active", [("militant", "militant group")]),
])
def test_still_the_armed_opposition(lex, text, expected):
    assert armed(lex, text) == expected


# ----------------------------------------------------------------------------- anaphora
# A definite description ("the militants") whose most recent antecedent in the paragraph is a
# name of the Islamic State refers to that group, not to the anti-government armed groups.

@pytest.mark.parametrize("text", [
    "The Islamic State group claimed the attack. The militants also seized two villages.",
    "IS claimed the attack. The jihadists also seized two villages.",
    "ISIS fighters advanced on the town. Residents said these extremists burned the market.",
    "Daesh shelled the town overnight; the terrorists' positions were hit at dawn.",
    "The town was taken by ISIL last year. The jihadist group lost it in March.",
    # a chain: the second description still refers back to the Islamic State
    "Warplanes struck ISIS near the dam. The militants withdrew, and the jihadists regrouped.",
    # the rest of the noun phrase goes with the description
    "Daesh took the village. The Takfiri insurgents then executed three men.",
    # a name joined by a hyphen is still a name
    "Aircraft struck ISIS-held villages. The militants fled east.",
    "The anti-IS coalition said the extremists were retreating.",
    # a number between the definite word and the label is still a definite description
    "ISIS stormed the prison. The 18 militants who escaped were caught.",
    "Daesh sent reinforcements; the two jihadists were arrested at the border.",
])
def test_definite_description_of_the_islamic_state_is_dropped(lex, text):
    assert armed(lex, text) == []


@pytest.mark.parametrize("text,expected", [
    # another paragraph: the antecedent is not looked for across a blank line
    ("The Islamic State group claimed the attack.\n\nThe militants also seized two villages.",
     [("militant", "militants")]),
    # a later name of the armed opposition (or a mention of it) is the antecedent instead
    ("The Islamic State group claimed the attack. Rebels of the Free Syrian Army fought back. "
     "The militants also seized two villages.",
     [("rebel", "Rebels"), ("free_syrian_army", "Free Syrian Army"), ("militant", "militants")]),
    ("ISIS left the town. Fighters of Ahrar al-Sham entered it, and the militants set up a court.",
     [("fighter", "Fighters"), ("militant", "militants")]),
    ("ISIS left the town and Nusra took it. The jihadists set up a court.",
     [("jihadist", "jihadists")]),
    # no definite word: not a description referring back
    ("The Islamic State group claimed the attack. Militants also seized two villages.",
     [("militant", "Militants")]),
    ("ISIS claimed the attack, and dozens of militants died.", [("militant", "militants")]),
    ("ISIS stormed the prison, and 18 militants escaped.", [("militant", "militants")]),
    ("ISIS stormed the prison with 18 militants.", [("militant", "militants")]),
    # no antecedent at all
    ("The militants seized two villages.", [("militant", "militants")]),
    # labels that do not describe the Islamic State are not in the rule
    ("ISIS attacked the town. The rebels repelled the assault.", [("rebel", "rebels")]),
    # "is" is a verb; only "IS" in capitals names the Islamic State
    ("The army is advancing. The militants withdrew.", [("militant", "militants")]),
    ("Nobody knows who is behind it; the jihadists denied it.", [("jihadist", "jihadists")]),
])
def test_definite_description_kept(lex, text, expected):
    assert armed(lex, text) == expected


def test_anaphora_keeps_offsets_and_other_referents(lex):
    text = "Daesh   shelled  the regime's positions.\nThe  militants\n  withdrew, rebels said."
    got = [(m.referent, m.label, text[m.start:m.end]) for m in lex.find(text)]
    assert got == [("syrian_state", "regime", "regime"), ("armed_groups", "rebel", "rebels")]
