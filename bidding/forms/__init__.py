"""The bidding forms, one module per part of the workspace: agency (bids), owner (announcements),
selection (selection, objections, complaints), beacon (the public beacon value), patterns (the
integrity patterns). They parse and check input; the services judge it."""
