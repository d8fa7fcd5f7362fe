"""Named refusals of complaints (oversight), each with its message in one place."""
