// name: requirements
// REQUIRES rows of each occupation in $ids; an occupation without requirements yields
// one row whose id is null. No ORDER BY: the caller sorts each occupation's rows with
// the embedded store's key (essential first, importance descending, Python's lower-cased
// label, id) — Cypher's toLower and string order are not Python's — and resolves
// group labels from the cached SkillGroup labels (skillgroup_labels).
// params: $ids
// returns: occupation_id, id, label, kind, skill_type, reuse_level, description, relation, importance, level, group_id
UNWIND $ids AS occupation_id
MATCH (o:Occupation {id: occupation_id})
OPTIONAL MATCH (o)-[r:REQUIRES]->(c)
RETURN occupation_id, c.id AS id, c.label AS label, c.kind AS kind, c.skill_type AS skill_type,
       c.reuse_level AS reuse_level, c.description AS description, r.relation AS relation,
       r.importance AS importance, r.level AS level, c.group_id AS group_id
