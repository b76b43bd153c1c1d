"""Speaker-group maps (framing.speakers)."""

from __future__ import annotations

import pytest

from framing.errors import LexiconError
from framing.speakers import SpeakerGroups, load_speaker_groups, shipped_events

EVENT = "astana-2017-05-04"


@pytest.fixture(scope="module")
def sg() -> SpeakerGroups:
    return load_speaker_groups(event=EVENT)


@pytest.mark.parametrize("text,side", [
    ("UN Secretary-General", "un"),
    ("UN Secretary General", "un"),
    ("the UN chief", "un"),
    ("Staffan de Mistura", "un"),
    ("Staffan de Mistura, the UN’s Syria envoy", "un"),
    ("Bashar al-Ja’afari", "syrian_government"),
    ("Bashar al-Ja'afari", "syrian_government"),
    ("Top Syrian negotiator Bashar al-Jaafari", "syrian_government"),
    ("Alexander Lavrentyev", "russia"),
    ("Sergey Lavrov", "russia"),
    ("Sergei Lavrov", "russia"),
    ("Osama Abu Zaid", "opposition"),
    ("Syrian Foreign Ministry", "syrian_government"),
    ("The Syrian foreign ministry", "syrian_government"),
    ("the armed opposition delegation", "opposition"),
    ("armed opposition delegation", "opposition"),
    ("Turkish-backed rebels", "opposition"),
    ("Russian-backed Syrian government forces", "syrian_government"),
    ("a Turkish official", "turkey"),
    ("Iranian Foreign Minister Mohammad Javad Zarif", "iran"),
    ("U.S. officials", "us"),
    ("residents of Idlib", "civilians"),
    ("analysts", "experts"),
    ("the Syrian Observatory for Human Rights", "monitors"),
    ("Sedat Önal", "turkey"),
    ("Kairat Abdrakhmanov", "kazakhstan"),
    # negatives
    ("let us", None),
    ("the ceasefire regime", None),
    ("a Syrian", None),
    ("Timo Soini", None),
    ("", None),
])
def test_side_of(sg, text, side):
    assert sg.side_of(text) == side


def test_event_people_need_the_event():
    assert load_speaker_groups().side_of("Sedat Önal") is None
    assert load_speaker_groups(event=EVENT).side_of("Sedat Önal") == "turkey"
    # an event without a shipped map gets the defaults
    assert load_speaker_groups(event="no-such-event").side_of("Lavrov") == "russia"


def test_sides_and_groups(sg):
    for s in ("syrian_government", "opposition", "russia", "iran", "turkey", "un", "us", "civilians", "experts"):
        assert s in sg.sides
    assert sg.groups["guarantor_states"] == ("russia", "iran", "turkey")
    assert sg.group_of("iran") == "guarantor_states" and sg.group_of("un") is None
    assert EVENT in shipped_events()
    assert {m["name"] for m in sg.meta} == {"default", EVENT}
    assert all(m["licence"] and m["version"] for m in sg.meta)


def test_find_offsets_and_longest_match(sg):
    text = "UN Secretary-General Antonio Guterres and the U.N. chief met us; the US did not."
    found = sg.find(text)
    assert [(text[m.start:m.end], m.side, m.name) for m in found] == [
        ("UN Secretary-General", "un", "UN Secretary-General"),
        ("Antonio Guterres", "un", "António Guterres"),
        ("U.N. chief", "un", "UN Secretary-General"),
        ("US", "us", "United States"),
    ]
    # the contract's tuple (start, end, side, name); kind is an attribute
    s, e, side, name = found[1]
    assert (side, name, found[1].kind) == ("un", "António Guterres", "person")
    import pickle
    again = pickle.loads(pickle.dumps(found[1]))
    assert again == found[1] and again.kind == "person"


def test_find_curly_and_hyphen_variants(sg):
    for t in ("Ja’afari", "Ja'afari", "Secretary General", "Secretary-General", "UN’s Syria envoy"):
        assert sg.find(t), t


def test_roles_link_people(sg):
    assert [a.name for a in sg.holders_of("UN Secretary-General")] == ["António Guterres", "Ban Ki-moon"]
    assert sg.actor("Guterres").roles == ("UN Secretary-General",)
    assert sg.actor("nobody") is None


@pytest.mark.parametrize("text,names", [
    ("Doctor Ibrahim al-Assad said", []),                      # someone else called al-Assad
    ("Its leader Zahran Alloush said", []),                    # not Mohammad Alloush
    ("Syrian President Bashar al-Assad said", ["Syrian President", "Bashar al-Assad"]),
    ("On Thursday Lavrov said", ["Sergey Lavrov"]),
    ("Meanwhile Lavrov said", ["Sergey Lavrov"]),
    ("Lavrov said", ["Sergey Lavrov"]),
])
def test_surname_inside_another_name(sg, text, names):
    assert [m.name for m in sg.find(text)] == names


def test_side_of_isolated_longer_name_is_strict(sg):
    assert sg.side_of("Zahran Alloush") is None
    assert sg.side_of("Mohammad Alloush") == "opposition"


@pytest.mark.parametrize("text,side", [
    ("Damascus", "syrian_government"),
    ("the regime", "syrian_government"),
    ("a US-based rights group", "monitors"),
    ("the Britain-based monitor", "monitors"),
    ("the ceasefire regime", None),
    ("the suburbs of Damascus", None),
])
def test_speaker_only_aliases(sg, text, side):
    assert sg.side_of(text) == side
    assert not [m for m in sg.find(text) if m.name == "Syrian government"]


def test_find_rejects_non_str(sg):
    with pytest.raises(TypeError):
        sg.find(None)


def test_user_folder_extends(tmp_path, monkeypatch):
    (tmp_path / "default.yaml").write_text(
        "meta: {name: mine, version: 2}\n"
        "sides:\n"
        "  finland:\n    label: Finland\n    aliases: [Finnish government]\n"
        "    actors:\n      - {name: Timo Soini, aliases: [Soini]}\n"
        "  un:\n    actors:\n      - {name: Stephen O'Brien, aliases: [O'Brien]}\n", encoding="utf-8")
    (tmp_path / f"{EVENT}.yaml").write_text(
        "meta: {name: mine-event}\nsides:\n  opposition:\n    actors:\n"
        "      - {name: Yasser Abdul Rahim, aliases: [Abdul Rahim]}\n", encoding="utf-8")
    sg = load_speaker_groups(event=EVENT, paths=tmp_path)
    assert sg.side_of("Timo Soini") == "finland"
    assert sg.side_of("Stephen O’Brien") == "un"
    assert sg.side_of("Abdul Rahim") == "opposition"
    assert sg.side_of("Lavrov") == "russia"          # shipped entries stay
    assert load_speaker_groups(paths=tmp_path).side_of("Abdul Rahim") is None
    monkeypatch.setenv("FRAMING_SPEAKERS", str(tmp_path))
    assert load_speaker_groups().side_of("Soini") == "finland"
    monkeypatch.delenv("FRAMING_SPEAKERS")
    assert load_speaker_groups().side_of("Soini") is None


def test_user_file_overrides_actor(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("meta: {name: mine}\nsides:\n  opposition:\n    actors:\n"
                 "      - {name: Sergey Lavrov, aliases: [Lavrov]}\n", encoding="utf-8")
    assert load_speaker_groups(paths=[f]).side_of("Lavrov") == "opposition"


def test_edits_are_picked_up(tmp_path):
    f = tmp_path / "default.yaml"
    f.write_text("meta: {name: a}\nsides:\n  x_side:\n    aliases: [Zorg]\n", encoding="utf-8")
    assert load_speaker_groups(paths=tmp_path).side_of("Zorg") == "x_side"
    import os
    import time
    f.write_text("meta: {name: a}\nsides:\n  y_side:\n    aliases: [Zorg]\n", encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    time.sleep(0)
    assert load_speaker_groups(paths=tmp_path).side_of("Zorg") == "y_side"


@pytest.mark.parametrize("body,field", [
    ("sides: {}\n", "meta"),
    ("meta: {name: x}\nsides: [a, b]\n", "sides"),
    ("meta: {name: x}\nsides:\n  Bad-Key: {}\n", "sides"),
    ("meta: {name: x}\nsides:\n  a:\n    aliases: alias\n", "sides.a.aliases"),
    ("meta: {name: x}\nsides:\n  a:\n    actors: [{aliases: [b]}]\n", "sides.a.actors[0]"),
    ("meta: {name: x}\nsides:\n  a:\n    actors: [{name: b, kind: robot}]\n", "sides.a.actors[0]"),
    ("meta: {name: x}\ngroups: {g: [nowhere]}\n", "groups"),
    ("meta: [unclosed\n", None),
    ("- just a list\n", None),
])
def test_bad_map(tmp_path, body, field):
    f = tmp_path / "bad.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_speaker_groups(paths=[f])
    msg = str(e.value)
    if field:
        assert f"field '{field}'" in msg
    if field != "groups":
        assert str(f) in msg
    assert "\n" not in msg


def test_missing_user_path(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        load_speaker_groups(paths=tmp_path / "missing")


_AUTOMATON_CASES = [
    "Assad  forces and the  Free   Syrian Army met in Astana.",
    "pro-Assad media; a Lavrov-based plan; US-backed  rebels said; the SDF’s fighters",
    "Sergey\u00a0Lavrov and Bashar al-Assad, Ibrahim al-Assad; the Syrian  \n\n government",
    "the U.N. envoy, Staffan de Mistura; Russia‘s  Foreign Ministry; rebels—Jaish al-Islam",
    "İstanbul: Turkey's Erdogan and Iran's Rouhani",   # a lower case longer than the text
    "", "   ", "Assad", "xAssad Assadx _Assad Assad_ 'Assad Assad-based",
    # a key across a run of spaces, at the start, in the middle and at the end of the text
    "the UN  \n Security\u00a0\u00a0Council; UN -  chief; Free - Syrian   Army",
    "Sergey  Lavrov", "said Sergey \n\n Lavrov", "the Syrian\n\n", "US  -based  monitors and U.S.  officials",
    "Lavrovʼs aide, Assadʼ forces, ʼAssad, Lavrov’s aide",  # "ʼ" is a letter; "’" is not
]


@pytest.mark.parametrize("event", [None, *shipped_events()])
@pytest.mark.parametrize("text", _AUTOMATON_CASES)
def test_automaton_find_equals_regex_find(event, text):
    sg = load_speaker_groups(event=event)
    assert sg.find(text) == sg._find_regex(text)
    assert sg.find(text, _strict=True) == sg._find_regex(text, _strict=True)


def test_automaton_find_with_case_sensitive_keys_apart(tmp_path):
    # case-sensitive aliases whose lower case is not aligned with them ("Σ" lowers by its
    # context, "İ" to two characters) have an automaton of their own; the others are found in
    # lower case and checked as written, also where a case-insensitive alias has the same
    # lower case ("Abc Def" / "ABC def") and across a run of spaces
    f = tmp_path / "mine.yaml"
    f.write_text("meta: {name: mine}\nsides:\n  greece:\n    aliases: [ΣΥΡΙΖΑ, NGΣ, İHH, Abc Def, ABC def, Abc Ghi]\n"
                 "    actors:\n      - {name: ΣΑ ΜΠ, kind: body, aliases: [ABC Def]}\n", encoding="utf-8")
    sg = load_speaker_groups(paths=[f])
    assert sg._autos[0] is not None
    for text in ["ΣΥΡΙΖΑ said; συριζα; NGΣ, ngς, NGσ; İHH and ihh; the ΣΑ  ΜΠ", "abc def, ABC def, ABC Def, aBC dEF",
                 "ABC\n\ndef and ABC  Def and abc   DEF; ABC  ghi", "İstanbul: ABC def", ""]:
        assert sg.find(text) == sg._find_regex(text)
        assert sg.find(text, _strict=True) == sg._find_regex(text, _strict=True)


def test_automaton_find_equals_regex_find_on_sources(sg):
    from pathlib import Path

    from framing.corpus import load_corpus

    corpus = load_corpus(Path(__file__).resolve().parents[1] / "sources")
    texts = [a.text for a in corpus.articles()]
    assert texts
    for event in (None, *shipped_events()):
        g = load_speaker_groups(event=event)
        for t in texts:
            found = g.find(t)
            assert found == g._find_regex(t)
    assert any(sg.find(t) for t in texts)


def test_find_memo_gives_new_lists(sg):
    text = "Russian negotiator Alexander Lavrentyev said"
    first = sg.find(text)
    first.clear()
    assert [m.name for m in sg.find(text)] == ["Russia", "Alexander Lavrentyev"]
    assert sg.find(text) is not sg.find(text)


def test_pickle_leaves_memos_out(sg):
    import pickle

    text = "UN Secretary-General Antonio Guterres and the U.N. chief met us; the US did not."
    sg.side_of("the UN chief")
    again = pickle.loads(pickle.dumps(sg))
    assert not again._resolved and again._found == ({}, {})
    assert again.find(text) == sg.find(text) and again.side_of("Lavrov") == "russia"
