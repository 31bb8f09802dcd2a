"""Who talks at a point of an article (``Extractor._voice``): names, offices and pronouns, in reading order."""

from __future__ import annotations

from summarize.attribution import Voice
from summarize.clean import clean
from summarize.extract import Extractor, Settings, _mention, _Person
from summarize.schema import Participant


def _people(*people: tuple[str, ...]) -> list[_Person]:
    """(name, actor) or (name, actor, role) each."""
    out = []
    for name, actor, *role in people:
        participant = Participant(name=name, role=role[0] if role else "unknown", actor=actor)
        out.append(_Person(participant, said_role=participant.role, mention=_mention(participant)))
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


def _voice_at(text: str, people: list[_Person], countries: list[str], opening: str | tuple[str, ...]) -> Voice:
    """The voice at the start of the first sentence that starts with ``opening`` (the voice needs no model)."""
    art = clean(text)
    extractor = Extractor(caller=None, settings=Settings())
    index = next(i for i, s in enumerate(art.sentences) if s.text.startswith(opening))
    return extractor._voice(art, people, index, 0, countries)


def _speaker_of_pronoun_sentence(text: str, people: list[_Person], countries: list[str],
                                 opening: tuple[str, ...] = ("He ", "Il ")) -> str:
    """Who speaks in the first sentence that starts with ``opening``."""
    return _voice_at(text, people, countries, opening).speaker


def test_a_pronoun_takes_up_the_subject_of_the_sentence_before_not_the_last_person_named_there():
    people = _people(("Ishaq Dar", "PAK"), ("Wang Yi", "CHN"))
    text = ("BEIJING, May 12 -- Wang Yi met Pakistan's Foreign Minister Ishaq Dar in Beijing on Monday.\n\n"
            "Ishaq Dar briefed Wang Yi on the situation along the border with India. "
            "He thanked China for its steady support.")
    assert _speaker_of_pronoun_sentence(text, people, ["CHN", "PAK"]) == "PAK"
    people = _people(("Wang Yi", "CHN"), ("Ishaq Dar", "PAK"))
    text = ("BEIJING, May 12 -- Wang Yi held talks with Ishaq Dar on Monday.\n\n"
            "Wang Yi said the two countries are ironclad friends, and thanked Ishaq Dar for his visit. "
            "He added that China will keep supporting Pakistan's development.")
    assert _speaker_of_pronoun_sentence(text, people, ["CHN", "PAK"]) == "CHN"


def test_a_name_inside_a_prepositional_phrase_is_not_the_subject_a_pronoun_takes_up():
    people = _people(("Wang Yi", "CHN"), ("Mukhtar Tileuberdi", "KAZ"))
    text = ("ASTANA, 3 mars -- Les deux ministres se sont rencontrés mardi.\n\n"
            "Lors de son entretien avec M. Wang, M. Tileuberdi a présenté le programme de réformes du pays. "
            "Il a remercié la Chine pour son aide.")
    assert _speaker_of_pronoun_sentence(text, people, ["CHN", "KAZ"]) == "KAZ"


def test_a_chain_of_pronouns_goes_back_to_the_subject_past_the_objects_they_name():
    people = _people(("Sadyr Japarov", "KGZ"), ("Shavkat Mirziyoyev", "UZB"))
    text = ("BISHKEK, June 2 -- Sadyr Japarov hosted Shavkat Mirziyoyev for talks.\n\n"
            "At the start of the talks, Sadyr Japarov called Uzbekistan a brotherly neighbour. "
            "He thanked Shavkat Mirziyoyev for the visit and recalled the border treaty. "
            "According to the President, trade doubled in two years. "
            "He said the two sides should open more crossings.")
    assert _speaker_of_pronoun_sentence(text, people, ["KGZ", "UZB"], opening=("He said",)) == "KGZ"


def test_a_central_asian_leader_named_by_office_speaks_for_his_country_when_the_five_are_one_side():
    # the lead names the five as a group; each president then speaks by his office, not by name
    people = _people(("Karl Meyer", "DEU"))
    text = ("ASTANA -- Le chancelier allemand Karl Meyer a participé mardi au sommet entre l'Allemagne et les "
            "cinq pays d'Asie centrale.\n\n"
            "Le président kirghiz a plaidé pour des visas de travail plus simples pour ses ressortissants.")
    assert _voice_at(text, people, ["DEU", "CENTRAL_ASIA"], "Le président kirghiz").speaker == "KGZ"


def test_a_sentence_opening_with_the_speakers_pronoun_names_him_against_the_models_guess():
    people = _people(("Rustam Karimov", "UZB"), ("Ahmad Jalali", "AFG"))
    text = ("TASHKENT -- Rustam Karimov had a telephone conversation with Ahmad Jalali on Monday.\n\n"
            "Ahmad Jalali thanked the leadership of Uzbekistan for its aid. "
            "He assured that the territory of Afghanistan will not be used against its neighbours.")
    voice = _voice_at(text, people, ["UZB", "AFG"], "He assured")
    assert voice.speaker == "AFG" and voice.named_here


def test_a_sentence_opening_on_a_participants_office_is_that_participants_voice():
    people = _people(("Talant Asanov", "KGZ", "President"), ("Erbol Sadykov", "KAZ", "Prime Minister"))
    text = ("BISHKEK -- Talant Asanov received Erbol Sadykov in Bishkek on Monday.\n\n"
            "Erbol Sadykov conveyed greetings to Talant Asanov. The Prime Minister also proposed a joint logistics hub.")
    assert _voice_at(text, people, ["KGZ", "KAZ"], "The Prime Minister").speaker == "KAZ"


def test_a_transcripts_turn_speaks_for_its_paragraphs_whatever_names_it_mentions():
    art = clean("MOSCOW, February 24. Vladimir Putin held talks with President of Kyrgyzstan Sadyr Japarov, who is "
                "in Russia on a working visit.\n\n"
                "President of Russia Vladimir Putin: Mr President, I am glad to welcome you to Moscow.\n\n"
                "We will continue to supply vaccines to our friends.\n\n"
                "President of Kyrgyzstan Sadyr Japarov: Thank you, Mr Putin, for the invitation.\n\n"
                "Kyrgyzstan will remain a reliable ally of Russia.")
    people = _people(("Vladimir Putin", "RUS"), ("Sadyr Japarov", "KGZ"))
    extractor = Extractor(caller=None, settings=Settings())
    for start, actor in (("We will continue", "RUS"), ("Thank you", "KGZ"), ("Kyrgyzstan will remain", "KGZ")):
        index = next(i for i, s in enumerate(art.sentences) if start in s.text)
        assert extractor._speaker_person(art, people, index).actor == actor


def test_a_transcripts_turn_names_its_speaker_for_the_voice():
    text = ("MOSCOW, February 24. Vladimir Putin held talks with President of Kyrgyzstan Sadyr Japarov.\n\n"
            "President of Russia Vladimir Putin: Mr President, I am glad to welcome you to Moscow.\n\n"
            "President of Kyrgyzstan Sadyr Japarov: Thank you for the invitation and the warm welcome.")
    voice = _voice_at(text, _people(("Vladimir Putin", "RUS"), ("Sadyr Japarov", "KGZ")), ["RUS", "KGZ"],
                      "President of Kyrgyzstan Sadyr Japarov:")
    assert (voice.speaker, voice.named_here) == ("KGZ", True)
