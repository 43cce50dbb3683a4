"""Errors the store raises; each names a situation a user can be told about."""


class StoreError(Exception):
    """Base class: something the caller should explain to the user, not a crash."""


class UnknownJoinCode(StoreError):
    """No active workshop has this join code (mistyped, or expired)."""


class RunNotOpen(StoreError):
    """The exercise run is not open: answers and drafts are refused."""


class ParticipantRemoved(StoreError):
    """The participant was removed from the workshop by the facilitator."""


class RecordConflict(StoreError):
    """Someone else changed the record since it was loaded."""


class NotFound(StoreError):
    """The workshop, participant, run or record does not exist."""
