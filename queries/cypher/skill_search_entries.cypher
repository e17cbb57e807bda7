// name: skill_search_entries
// Labels of every Skill and Knowledge concept; the caller orders them by load_order.
// params: -
// returns: id, label, source, alt_labels, load_order
MATCH (c:Concept)
RETURN c.id AS id, c.label AS label, c.source AS source, c.alt_labels AS alt_labels, c.load_order AS load_order
