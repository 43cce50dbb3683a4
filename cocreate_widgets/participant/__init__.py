"""The participant app: join, consent, follow the facilitator, see what is revealed."""

from .app import ParticipantApp, personal_link
from .follow import FollowScreen
from .join import JoinScreen

__all__ = ["FollowScreen", "JoinScreen", "ParticipantApp", "personal_link"]
