"""An article with more candidate sentences than a record may hold: flagged, and still a valid record."""

from __future__ import annotations

from summarize.extract import MAX_CANDIDATES, Extractor, Settings
from summarize.load import load_text
from summarize.model import ModelCaller
from summarize.schema import Record
from tests.mock_server import MockServer, backend_for


def test_candidates_beyond_the_record_bound_are_flagged_not_lost_silently():
    body = "\n\n".join(f"Le ministre chinois des Affaires étrangères Wang Yi a déclaré que la Chine est prête à "
                       f"renforcer la coopération dans le domaine numéro {i} avec le Kazakhstan." for i in range(75))
    with MockServer() as mock:
        record = Extractor(ModelCaller(backend_for(mock.url)), Settings()).run(
            load_text("Wang Yi rencontre son homologue kazakh\n\n" + body))
    assert any(flag.startswith(f"truncated: 15 candidate sentences after the first {MAX_CANDIDATES}")
               for flag in record.flags)
    assert Record.model_validate_json(record.model_dump_json()) == record  # storable and reloadable
