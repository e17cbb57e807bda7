// name: skill_search_entries
// Labels of every Skill and Knowledge concept, in one record; the caller orders them by
// load_order.
// params: -
// returns: entries
MATCH (c:Concept)
RETURN collect(c {.id, .label, .source, .alt_labels, .load_order}) AS entries
