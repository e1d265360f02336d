"""Schema migrations for the patient workflows: SQL files plus the runner that applies them."""
