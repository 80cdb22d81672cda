"""Trainings (`trainings.py`) and employers (`employers.py`)."""
