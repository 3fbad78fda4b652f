// (placeholder, filled in by the stage's work)
