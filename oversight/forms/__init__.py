"""Oversight's forms, one module per part (complaints, inspections). They check the shape of the
input; the services decide and write."""
