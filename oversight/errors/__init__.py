"""Oversight's named refusals, one module per part (complaints, inspections, statistics)."""
