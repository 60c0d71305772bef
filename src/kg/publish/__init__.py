"""Publishing a validated graph: the sorted dumps and their compressed copies, the store, the JSON-LD context,
the DCAT and VoID descriptions, the search index, written into a staged build folder; and carrying a build
elsewhere (a front's light copy, a Graph Store Protocol server)."""
