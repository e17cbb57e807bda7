// name: occupation_search_entries
// Titles of every occupation, in one record; the caller orders them by load_order (the
// embedded store's order, so that equal fuzzy scores resolve the same way on both stores).
// params: -
// returns: entries
MATCH (o:Occupation)
RETURN collect(o {.id, .label, .source, .alt_labels, .load_order}) AS entries
