"""summarize: grounded, structured records of diplomatic meetings from news readouts.

The public face is small: ``extract`` returns a validated ``Record``.
"""

from .errors import BackendError, InputError, ModelOutputError, NothingExtracted, SummarizeError
from .extract import Settings, extract, request_hash
from .schema import Commitment, Evidence, Meeting, Participant, Position, Record, Summary

__all__ = [
    "extract", "Settings", "request_hash",
    "Record", "Meeting", "Participant", "Commitment", "Position", "Evidence", "Summary",
    "SummarizeError", "InputError", "BackendError", "ModelOutputError", "NothingExtracted",
]
