"""The triage engine's contract: order, keys, types, corrections per school, bad input, fallback, caching."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sideline.engines.triage import (
    CATEGORIES,
    DELEGATES,
    ROLE_KEYS,
    Correction,
    TriageModel,
    Verdict,
    classify,
    load_model,
)
from sideline.engines.triage.corpus import CORPUS_PATH, corpus_digest
from sideline.engines.triage.model import CACHE_SIZE, CharWordNgrams, _cache_key
from sideline.engines.triage.text import (
    ABBREVIATIONS,
    GLOSSARY_PATH,
    _trie_pattern,
    for_embedding,
    for_model,
    load_glossary,
)
from sideline.engines.triage.verdict import OWNER_SURE

KEYS = ["text", "category", "confidence", "needs_review", "delegate_to", "rationale"]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("triage-cache")


@pytest.fixture(scope="session")
def lexical(cache_dir: Path) -> TriageModel:
    return load_model(use_embeddings=False, cache_dir=cache_dir)


def test_verdicts_come_back_in_input_order_with_duplicates(lexical: TriageModel) -> None:
    texts = ["Dentist", "Obs rm 31 - Kowalski - gr7 ELA", "Dentist", "PO approvals - Title I"]
    verdicts = lexical.classify(texts)
    assert [v.text for v in verdicts] == texts


def test_verdict_fields_have_the_promised_types_and_ranges(lexical: TriageModel) -> None:
    texts = [
        "Gym duty (rainy-day recess)",
        "Coffee w/ D. Batista: thinking about an AP role?",
        "SLT mtg",
        "pick up kids",
    ]
    for v in lexical.classify(texts):
        assert isinstance(v, Verdict)
        assert v.category in CATEGORIES
        assert isinstance(v.confidence, float)
        assert 0.0 <= v.confidence <= 1.0
        assert isinstance(v.needs_review, bool)
        assert v.delegate_to is None or v.delegate_to in DELEGATES
        if v.category != "technical":
            assert v.delegate_to is None
        assert isinstance(v.rationale, str)
        assert "\n" not in v.rationale
        assert v.rationale != ""


def test_to_dict_has_exactly_the_six_keys_in_order(lexical: TriageModel) -> None:
    (v,) = lexical.classify(["Call Mrs Okafor re: bus"])
    d = v.to_dict()
    assert list(d) == KEYS
    assert d == {
        "text": "Call Mrs Okafor re: bus",
        "category": v.category,
        "confidence": v.confidence,
        "needs_review": v.needs_review,
        "delegate_to": v.delegate_to,
        "rationale": v.rationale,
    }


def test_clear_items_get_the_right_category(lexical: TriageModel) -> None:
    texts = [
        "Obs rm 31 - Kowalski - gr7 ELA",
        "Post-obs debrief w/ Ms Rossi",
        "Y9 learning walk",
        "PO approvals - Title I",
        "Gym duty (rainy-day recess)",
        "Coffee w/ D. Batista: thinking about an AP role?",
        "Train teacher leaders to run PLCs",
        "Dentist",
        "pick up kids",
    ]
    got = [v.category for v in lexical.classify(texts)]
    assert got == [
        "coaching",
        "coaching",
        "coaching",
        "technical",
        "technical",
        "leveraged",
        "leveraged",
        "personal",
        "personal",
    ]


def test_technical_items_name_an_owner(lexical: TriageModel) -> None:
    got = [
        (v.category, v.delegate_to)
        for v in lexical.classify(["Reconcile p-card", "Car line", "Leak in rm 12"])
    ]
    assert got == [("technical", "bookkeeper"), ("technical", "volunteers"), ("technical", "custodian")]


def test_the_owner_comes_with_how_sure_the_owner_model_is(lexical: TriageModel) -> None:
    clear, vague, coaching = lexical.classify(
        ["Reconcile p-card", "Follow up on the thing from Tues", "Y9 learning walk"]
    )
    assert (clear.category, clear.delegate_to) == ("technical", "bookkeeper")
    assert clear.delegate_confidence is not None and clear.delegate_confidence > 0.9
    assert not clear.owner_unsure
    # Technical, but nothing says whose: the owner is shown as a guess.
    assert vague.category == "technical" and vague.delegate_confidence is not None
    assert vague.delegate_confidence < OWNER_SURE and vague.owner_unsure
    # Only Technical Work has an owner, so only it has an owner confidence; jsonl keeps its six keys.
    assert coaching.category == "coaching" and coaching.delegate_confidence is None
    assert list(vague.to_dict()) == KEYS
    # A correction's owner is the leader's answer, sure as the match.
    school = lexical.with_corrections(
        [Correction("Follow up on the thing from Tues", "technical", "registrar")]
    )
    (corrected,) = school.classify(["Follow up on the thing from Tues"])
    assert (corrected.delegate_to, corrected.delegate_confidence) == ("registrar", 1.0)


def test_purpose_not_keywords_decides_walkthroughs(lexical: TriageModel) -> None:
    got = [
        v.category
        for v in lexical.classify(
            ["Building walk-through w/ fire marshal", "Walk-through of science wing during labs"]
        )
    ]
    assert got == ["technical", "coaching"]


def test_purpose_not_keywords_decides_plcs(lexical: TriageModel) -> None:
    # The labelling guide's own examples: running the PLC yourself, watching a teacher run it, and training
    # teachers to run it.
    texts = [
        "Run 5th grade PLC",
        "Observe teacher-led PLC to coach its facilitator",
        "Train teachers to lead PLCs",
    ]
    assert [v.category for v in lexical.classify(texts)] == ["technical", "coaching", "leveraged"]


def _corpus_with_made_up_rows(path: Path, owner_only: str) -> Path:
    """A small slice of the shipped corpus plus 24 made-up Technical rows about a "zorble": half of them
    read like classroom observations, and all of them belong to the nurse."""
    lines = CORPUS_PATH.read_text(encoding="utf-8").splitlines()
    kept, seen = [lines[0]], Counter[str]()
    for line in lines[1:]:
        cells = line.split("\t")
        if cells[3] == "train" and not cells[6] and seen[cells[5]] < 2 and len(seen) < 600:
            seen[cells[5]] += 1
            kept.append(line)
    made_up = [f"Zorble check {i} - boiler room" for i in range(12)]
    made_up += [f"Observe the zorble lesson {i} in Rm {i}" for i in range(12)]
    for i, text in enumerate(made_up):
        kept.append(f"{text}\ttechnical\tnurse\ttrain\ttitle\tzorble{i // 4}\t{owner_only}")
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_owner_only_rows_teach_the_owner_and_leave_the_category_alone(tmp_path: Path) -> None:
    # Corpus v11's heads were written to teach who owns Technical work; the category models never see them.
    probe = ["Observe the zorble lesson in Rm 9", "Zorble check - boiler room"]
    both = load_model(
        use_embeddings=False, corpus_path=_corpus_with_made_up_rows(tmp_path / "both.tsv", "")
    ).classify(probe)
    owners = load_model(
        use_embeddings=False, corpus_path=_corpus_with_made_up_rows(tmp_path / "owners.tsv", "yes")
    ).classify(probe)
    # Learned as Technical everywhere, the observation-like rows drag the probe to Technical...
    assert both[0].category == "technical"
    # ...learned for owners only, they leave it to the coaching rows of the real corpus.
    assert owners[0].category == "coaching"
    # Either way the made-up rows name the owner of Technical work about a zorble.
    assert [v.delegate_to for v in both[1:] + owners[1:]] == ["nurse", "nurse"]


def test_a_single_string_is_refused_with_a_hint(lexical: TriageModel) -> None:
    with pytest.raises(TypeError, match=r"wrap it: classify\(\[text\]\)"):
        lexical.classify("Dentist")


def test_a_non_string_item_is_refused_with_its_position(lexical: TriageModel) -> None:
    with pytest.raises(TypeError, match="item 1 is int, not str"):
        lexical.classify(["Dentist", 42])  # type: ignore[list-item]


def test_a_blank_item_is_refused_with_its_position(lexical: TriageModel) -> None:
    with pytest.raises(ValueError, match="item 2 is blank"):
        lexical.classify(["Dentist", "Email", "   "])


def test_bad_input_leaves_the_model_working(lexical: TriageModel) -> None:
    with pytest.raises(ValueError):
        lexical.classify(["", "Dentist"])
    assert [v.category for v in lexical.classify(["Dentist"])] == ["personal"]


def test_an_empty_list_gives_an_empty_list(lexical: TriageModel) -> None:
    assert lexical.classify([]) == []


def test_very_long_text_is_classified_and_kept_whole(lexical: TriageModel) -> None:
    text = "Reconcile the p-card statements and file every receipt " * 200
    (v,) = lexical.classify([text])
    assert v.text == text
    assert v.category == "technical"


def test_repeated_texts_are_served_from_the_cache(lexical: TriageModel) -> None:
    first = lexical.classify(["Lunch duty - wk 4"])[0]
    again = lexical.classify(["Lunch duty - wk 4"])[0]
    assert again is first


def test_the_cache_is_bounded(cache_dir: Path) -> None:
    model = load_model(use_embeddings=False, cache_dir=cache_dir)
    model.classify([f"Email {i}" for i in range(CACHE_SIZE + 5)])
    assert len(model._cache) == CACHE_SIZE


def test_switching_embeddings_off_says_so(lexical: TriageModel) -> None:
    assert lexical.uses_embeddings is False
    assert lexical.mode == "lexical"
    assert lexical.fallback_reason == "sentence embeddings switched off; using the word model only"


def test_falls_back_to_the_word_model_when_the_embedding_stack_cannot_import(
    monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    model = load_model(cache_dir=cache_dir)
    assert model.uses_embeddings is False
    assert model.fallback_reason == (
        "sentence embeddings unavailable (sentence_transformers); using the word model only"
    )
    assert [v.category for v in model.classify(["Obs rm 31 - Kowalski - gr7 ELA"])] == ["coaching"]


def test_a_correction_takes_effect_at_once_for_the_same_and_near_identical_texts(
    lexical: TriageModel,
) -> None:
    school = lexical.with_corrections([Correction("Gym duty (rainy-day recess)", "leveraged")])
    texts = ["Gym duty (rainy-day recess)", "gym duty - rainy day recess!!", "GYM DUTY (rainy-day recess) 2"]
    got = [(v.category, v.delegate_to, v.needs_review) for v in school.classify(texts)]
    assert got == [("leveraged", None, False)] * 3
    assert school.classify(texts)[0].rationale == "Leveraged Work: following your school's correction."


def test_a_correction_matches_whatever_the_room_number_and_initials(lexical: TriageModel) -> None:
    school = lexical.with_corrections([Correction("IEP mtg - J.R. (sped)", "technical", "counselor")])
    (v,) = school.classify(["iep mtg - a.b. (SPED)"])
    assert (v.category, v.delegate_to, v.confidence) == ("technical", "counselor", 1.0)
    assert v.rationale == "Technical Work, owned by the counselor: following your school's correction."


def test_a_correction_leaves_unrelated_texts_alone(lexical: TriageModel) -> None:
    school = lexical.with_corrections([Correction("Gym duty (rainy-day recess)", "leveraged")])
    assert school.classify(["PO approvals - Title I"]) == lexical.classify(["PO approvals - Title I"])


def test_corrections_never_leak_to_another_school(lexical: TriageModel) -> None:
    north = lexical.with_corrections([Correction("Gym duty (rainy-day recess)", "leveraged")])
    south = lexical.with_corrections([Correction("Gym duty (rainy-day recess)", "personal")])
    text = ["Gym duty (rainy-day recess)"]
    assert [v.category for v in north.classify(text)] == ["leveraged"]
    assert [v.category for v in south.classify(text)] == ["personal"]
    assert [v.category for v in lexical.classify(text)] == ["technical"]
    assert lexical.corrections == ()


def test_the_latest_correction_of_a_text_wins(lexical: TriageModel) -> None:
    school = lexical.with_corrections(
        [Correction("Data mtg", "coaching"), Correction("data mtg", "technical", "assistant_principal")]
    )
    assert [(v.category, v.delegate_to) for v in school.classify(["Data mtg"])] == [
        ("technical", "assistant_principal")
    ]


def test_retraining_with_corrections_keeps_them_and_caches_a_separate_model(cache_dir: Path) -> None:
    corrections = [Correction("Lunch w/ Garcia", "leveraged"), Correction("Walk", "personal")]
    before = set(cache_dir.glob("triage-*.pkl"))
    school = load_model(corrections=corrections, use_embeddings=False, cache_dir=cache_dir)
    after = set(cache_dir.glob("triage-*.pkl"))
    assert len(after - before) == 1
    assert school.corrections == tuple(corrections)
    assert [v.category for v in school.classify(["Lunch w/ Garcia", "walk"])] == ["leveraged", "personal"]


def test_a_second_load_reads_the_cache_and_answers_the_same(cache_dir: Path, lexical: TriageModel) -> None:
    again = load_model(use_embeddings=False, cache_dir=cache_dir)
    texts = ["Obs rm 31 - Kowalski - gr7 ELA", "Leadership team mtg", "Fire drill"]
    assert again.classify(texts) == lexical.classify(texts)


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path, cache_dir: Path, lexical: TriageModel) -> None:
    load_model(use_embeddings=False, cache_dir=cache_dir)
    key = _cache_key(corpus_digest(), (), None)
    path = tmp_path / f"triage-{key}.pkl"
    path.write_bytes((cache_dir / path.name).read_bytes()[:500])
    rebuilt = load_model(use_embeddings=False, cache_dir=tmp_path)
    assert rebuilt.classify(["Reconcile p-card"]) == lexical.classify(["Reconcile p-card"])
    # The rewritten file is whole: the next load reads it rather than fitting again. (Its bytes need not equal
    # the first file's: sklearn's vectorizers pickle an id() taken in whichever worker process fitted them.)
    written = path.stat().st_mtime_ns
    again = load_model(use_embeddings=False, cache_dir=tmp_path)
    assert path.stat().st_mtime_ns == written
    assert path.stat().st_size > 500
    assert again.classify(["Reconcile p-card"]) == lexical.classify(["Reconcile p-card"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "x", "category": "admin"}, "unknown category 'admin'"),
        ({"text": " ", "category": "technical"}, "non-blank text"),
        ({"text": "x", "category": "technical", "delegate_to": "janitor"}, "unknown delegate 'janitor'"),
        (
            {"text": "x", "category": "coaching", "delegate_to": "custodian"},
            "only Technical Work has a delegate",
        ),
    ],
)
def test_a_bad_correction_is_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Correction(**kwargs)  # type: ignore[arg-type]


def test_corrections_must_be_correction_objects(lexical: TriageModel) -> None:
    with pytest.raises(TypeError, match="correction 0 is tuple, not Correction"):
        lexical.with_corrections([("Dentist", "technical")])  # type: ignore[list-item]


def test_module_level_classify_accepts_a_given_model(lexical: TriageModel) -> None:
    assert classify(["Dentist"], model=lexical) == lexical.classify(["Dentist"])


def test_the_memoised_character_analyzer_matches_sklearns_char_wb() -> None:
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer

    from sideline.engines.triage import load_corpus

    reference = TfidfVectorizer(
        preprocessor=for_model, analyzer="char_wb", ngram_range=(2, 5)
    ).build_analyzer()
    ours = CharWordNgrams(2, 5)
    texts = [it.text for it in load_corpus()][:3000] + ["a", "ab", "  x\ty\n z ", "ÉCOLE é", "", "Rm 31"]
    for text in texts + texts:  # the second pass is answered from the per-word memo
        assert ours(text) == reference(text), text
    revived = pickle.loads(pickle.dumps(ours))
    assert revived("Obs rm 31") == reference("Obs rm 31")


def test_role_keys_match_the_foundation() -> None:
    from sideline.schools.roles import ROLE_KEYS as FOUNDATION_KEYS

    assert set(ROLE_KEYS) == set(FOUNDATION_KEYS)
    assert (*ROLE_KEYS, "volunteers") == DELEGATES


def test_the_engine_imports_without_django() -> None:
    code = (
        "import sys, sideline.engines.triage, sideline.engines.triage.formats;"
        "print('django' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False False\n"


@pytest.mark.parametrize("classes", [4, 2])
def test_kernel_scores_match_sklearns_decision_function(classes: int) -> None:
    import numpy as np
    from sklearn.svm import SVC

    from sideline.engines.triage.model import _Kernel

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(classes, 16))
    x = np.vstack([c + rng.normal(scale=0.9, size=(60, 16)) for c in centres])
    y = np.repeat([f"class{i}" for i in range(classes)], 60)
    svc = SVC(C=10.0, kernel="rbf", gamma="scale", class_weight="balanced").fit(x, y)
    probe = rng.normal(size=(50, 16)) + centres[rng.integers(0, classes, 50)]
    ours = _Kernel.from_svc(svc).scores(probe)
    theirs = svc.decision_function(probe)
    if classes == 2:
        np.testing.assert_allclose(ours[:, 1] - ours[:, 0], theirs, atol=1e-4)
    else:
        np.testing.assert_allclose(ours, theirs, atol=1e-4)
    assert list(np.array(svc.classes_)[ours.argmax(axis=1)]) == list(svc.predict(probe))


@pytest.mark.parametrize("delegate", [d for d in DELEGATES if d not in ("principal", "volunteers")])
def test_each_owner_reads_naturally_in_the_rationale(delegate: str) -> None:
    from sideline.engines.triage.rationale import explain

    text = explain("Some task", "technical", delegate)
    assert "the a " not in text and "the the " not in text
    assert text.endswith(".") and "best owned by" in text


def test_char_features_match_sklearns_tfidf_transform(lexical: TriageModel) -> None:
    import numpy as np

    from sideline.engines.triage import load_corpus
    from sideline.engines.triage.model import CharFeatures

    vectorizer = lexical._fitted.char
    texts = [it.text for it in load_corpus()][::7] + ["—", "zzzqqx", "aa aa aa", "Obs rm 31 Obs rm 31"]
    ours = CharFeatures(vectorizer)
    for _ in range(2):  # the second pass is answered from the per-word cache
        mine, theirs = ours.transform(texts), vectorizer.transform(texts)
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
        assert abs(mine - theirs).max() < 1e-6
        np.testing.assert_array_equal(mine.indptr, theirs.indptr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F/U w/ AP re: ISS list", "follow up with assistant principal about in-school suspension list"),
        ("Obs rm 31 - gr7 ELA", "observation room 0 - gr0 english"),
        ("IEP mtg: J.K.", "special education plan meeting: j.k."),
        ("Sub plans (swap w/ Ms Lee)", "substitute teacher plans (swap with ms lee)"),
        ("Mapping the subway", "mapping the subway"),  # only whole words are spelled out
        ("Send SEN letters", "send special educational needs letters"),
    ],
)
def test_school_shorthand_is_spelled_out_for_the_embedding_model(text: str, expected: str) -> None:
    assert for_embedding(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PEIMS snapshot", "peims (state student data reporting) snapshot"),
        # A multi-word name; the shorthand after it is still spelled out.
        ("Red Rover: no sub", "red rover (substitute teacher booking system): no substitute teacher"),
        ("Title I budget", "title i (federal funding for low-income schools) budget"),
        ("Simsbury trip", "simsbury trip"),  # "sims" is glossed only as a whole word
        ("Title page for the report", "title page for the report"),
    ],
)
def test_school_jargon_is_glossed_beside_its_name(text: str, expected: str) -> None:
    assert for_embedding(text) == expected


def test_the_glossary_prefers_the_longest_term() -> None:
    # "nwea" and "nwea map" are both terms; the longer one wins where it is written out.
    glossary = load_glossary()
    assert {"nwea", "nwea map"} <= glossary.keys()
    assert for_embedding("NWEA MAP results") == f"nwea map ({glossary['nwea map']}) results"
    assert for_embedding("NWEA results") == f"nwea ({glossary['nwea']}) results"


def test_the_trie_pattern_matches_what_listing_the_terms_matches() -> None:
    terms = ["ab", "abc", "abcd", "b", "a-b", "x y"]
    trie = re.compile(r"(?<![\w/])(" + _trie_pattern(terms) + r")(?![\w/])")
    listed = re.compile(
        r"(?<![\w/])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w/])"
    )
    for text in ["ab abc abcd abcde", "a-b b x y xy", "abce ab/c", "zab b."]:
        assert trie.findall(text) == listed.findall(text)


def test_the_glossary_file_is_clean() -> None:
    path = GLOSSARY_PATH
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    terms = [line.split("\t")[0] for line in lines]
    assert len(terms) == len(set(terms)) > 1000
    for line in lines:
        term, meaning = line.split("\t")
        assert term == term.strip().lower() and meaning.strip() == meaning and meaning
        assert term not in ABBREVIATIONS  # one place spells out each word


def test_embedding_cache_is_keyed_by_the_prepared_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from sideline.engines.triage import model
    from sideline.engines.triage.embeddings import DIM

    class CountingEmbedder:  # stands in for MiniLM: only the cache's behaviour is under test
        precision = "float32"
        calls = 0

        def encode(self, texts: list[str]) -> np.ndarray:
            self.calls += 1
            return np.ones((len(texts), DIM), dtype=np.float32)

    embedder = CountingEmbedder()
    model._embed_corpus(["F/U w/ AP"], embedder, tmp_path)
    model._embed_corpus(["F/U w/ AP"], embedder, tmp_path)
    assert embedder.calls == 1
    monkeypatch.setattr(model, "for_embedding", lambda text: text.upper())
    model._embed_corpus(["F/U w/ AP"], embedder, tmp_path)
    assert embedder.calls == 2


def test_the_owner_models_embedding_scale_is_folded_into_its_coefficients() -> None:
    import numpy as np
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    from sideline.engines.triage.model import DELEGATE_EMBEDDING_SCALE, _fit_final

    rng = np.random.default_rng(11)
    tech = ["Reconcile p-card", "Bus passes", "Fire drill", "Nurse log", "Wifi down rm 6", "Lunch duty"] * 4
    owners = [
        "bookkeeper",
        "administrative_assistant",
        "assistant_principal",
        "nurse",
        "technology",
        None,
    ] * 4
    texts = tech + ["Obs rm 12 science", "Debrief w/ Ms Ito"]
    labels = ["technical"] * len(tech) + ["coaching", "coaching"]
    embeddings = rng.normal(size=(len(texts), 8)).astype(np.float32)
    weights = np.ones(len(texts))
    every = np.ones(len(texts), dtype=bool)
    word, char, _, _, _, joint = _fit_final(texts, labels, [*owners, None, None], weights, embeddings, every)
    xw, xc = word.transform(tech), char.transform(tech)
    # The same regression fitted by hand on the scaled embedding answers exactly as ours does on the raw one.
    x = sp.hstack([xw, xc, sp.csr_matrix(embeddings[: len(tech)] * DELEGATE_EMBEDDING_SCALE)]).tocsr()
    reference = LogisticRegression(C=10.0, max_iter=4000, class_weight="balanced")
    reference.fit(x, [o or "-" for o in owners], sample_weight=weights[: len(tech)])
    assert joint is not None and joint.classes == tuple(reference.classes_)
    assert np.allclose(
        joint.log_proba(xw, xc, embeddings[: len(tech)]), reference.predict_log_proba(x), atol=1e-6
    )


def test_is_fitted_says_whether_a_load_would_read_the_cache(
    tmp_path: Path, cache_dir: Path, lexical: TriageModel
) -> None:
    from sideline.engines.triage import is_fitted

    assert is_fitted(use_embeddings=False, cache_dir=cache_dir)
    assert not is_fitted(use_embeddings=False, cache_dir=tmp_path)
    # Another school's corrections make another model, not yet fitted.
    assert not is_fitted(
        corrections=[Correction("Walk", "personal")], use_embeddings=False, cache_dir=cache_dir
    )
