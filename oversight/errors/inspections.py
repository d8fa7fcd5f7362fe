"""Named refusals of inspections (oversight), each with its message in one place."""
