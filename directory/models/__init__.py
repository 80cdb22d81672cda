"""Trainings (`trainings.py`) and employers (`employers.py`)."""

from .employers import (  # noqa: F401
    CARE_SETTING_CHOICES,
    EmployerDirectoryPage,
    EmployerSnippet,
)
