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
