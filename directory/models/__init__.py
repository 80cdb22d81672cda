"""Trainings (`trainings.py`) and employers (`employers.py`)."""

from .trainings import (
    Credential,
    DeliveryFormat,
    LengthUnit,
    Schedule,
    TrainingIndexPage,
    TrainingLanguage,
    TrainingPage,
    TrainingProvider,
)

__all__ = [
    "Credential",
    "DeliveryFormat",
    "LengthUnit",
    "Schedule",
    "TrainingIndexPage",
    "TrainingLanguage",
    "TrainingPage",
    "TrainingProvider",
]
