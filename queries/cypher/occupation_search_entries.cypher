// name: occupation_search_entries
// Titles of every occupation, in load order (the embedded store's order, so that equal
// fuzzy scores resolve the same way on both stores).
// params: -
// returns: id, label, source, alt_labels, load_order
MATCH (o:Occupation)
RETURN o.id AS id, o.label AS label, o.source AS source, o.alt_labels AS alt_labels, o.load_order AS load_order
ORDER BY load_order, id
