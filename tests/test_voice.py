"""Who talks at a point of an article (``Extractor._voice``): names, offices and pronouns, in reading order."""

from __future__ import annotations

from summarize.clean import clean
from summarize.extract import Extractor, Settings, _mention, _Person
from summarize.schema import Participant


def _people(*pairs: tuple[str, str]) -> list[_Person]:
    out = []
    for name, actor in pairs:
        participant = Participant(name=name, role="unknown", actor=actor)
        out.append(_Person(participant, said_role="unknown", mention=_mention(participant)))
    return out


TEXT = ("TACHKENT -- Le président ouzbek Chavkat Mirziyoïev a reçu mardi le ministre chinois Wang Yi.\n\n"
        "Le chef de l'Etat ouzbek a souligné que les relations bilatérales avaient atteint un niveau élevé. "
        "Il s'est félicité de la dynamique des échanges commerciaux.\n\n"
        "Il a invité M. Wang à revenir en Ouzbékistan.")


def test_a_pronoun_takes_up_the_side_the_sentence_before_named_by_its_office():
    art = clean(TEXT)
    people = _people(("Chavkat Mirziyoïev", "UZB"), ("Wang Yi", "CHN"))
    extractor = Extractor(caller=None, settings=Settings())  # the voice needs no model
    third = next(i for i, s in enumerate(art.sentences) if s.text.startswith("Il s'est"))
    assert extractor._voice(art, people, third, 0, ["UZB", "CHN"]).speaker == "UZB"


def test_a_name_after_an_opening_pronoun_is_its_object_not_the_speaker():
    art = clean("TACHKENT -- Le président ouzbek Chavkat Mirziyoïev a reçu mardi le ministre chinois Wang Yi.\n\n"
                "M. Mirziyoïev a salué les progrès de la coopération bilatérale dans tous les domaines.\n\n"
                "Il a invité M. Wang à revenir en Ouzbékistan.")
    people = _people(("Chavkat Mirziyoïev", "UZB"), ("Wang Yi", "CHN"))
    extractor = Extractor(caller=None, settings=Settings())
    last = next(i for i, s in enumerate(art.sentences) if s.text.startswith("Il a invité"))
    # « Il a invité M. Wang… »: Wang is invited; the pronoun is the Uzbek side speaking before
    assert extractor._voice(art, people, last, 0, ["UZB", "CHN"]).speaker == "UZB"
