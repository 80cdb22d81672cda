"""Trainings and employers live here (see the trainings and employers issues)."""
