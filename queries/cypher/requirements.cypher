// name: requirements
// REQUIRES rows of each occupation in $ids, with the concept's skill group label; an
// occupation without requirements yields one row whose id is null.
// Sorted essential first, then by importance (descending) and label, as the store
// interface documents (the caller re-applies the same key in Python).
// params: $ids
// returns: occupation_id, id, label, kind, skill_type, reuse_level, description, relation, importance, level, group_id, group_label
UNWIND $ids AS occupation_id
MATCH (o:Occupation {id: occupation_id})
OPTIONAL MATCH (o)-[r:REQUIRES]->(c)
OPTIONAL MATCH (g:SkillGroup {id: c.group_id})
RETURN occupation_id, c.id AS id, c.label AS label, c.kind AS kind, c.skill_type AS skill_type,
       c.reuse_level AS reuse_level, c.description AS description, r.relation AS relation,
       r.importance AS importance, r.level AS level, c.group_id AS group_id, g.label AS group_label
ORDER BY occupation_id, r.relation, coalesce(r.importance, 0.0) DESC, toLower(c.label), c.id
