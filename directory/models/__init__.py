"""Trainings (`trainings.py`) and employers (`employers.py`)."""

from .employers import CARE_SETTING_CHOICES, EmployerDirectoryPage, EmployerSnippet
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
    "CARE_SETTING_CHOICES",
    "Credential",
    "DeliveryFormat",
    "EmployerDirectoryPage",
    "EmployerSnippet",
    "LengthUnit",
    "Schedule",
    "TrainingIndexPage",
    "TrainingLanguage",
    "TrainingPage",
    "TrainingProvider",
]
