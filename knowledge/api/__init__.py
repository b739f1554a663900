"""HTTP edge: routes, dependencies and the mapping of domain errors to HTTP statuses."""
