"""Named refusals of statistics (oversight), each with its message in one place."""
