// name: requirements
// REQUIRES rows of each occupation in $ids that exists, collected per occupation (one
// record per occupation: far fewer Bolt messages than a record per requirement). No
// order: the caller sorts each occupation's rows with the embedded store's key (essential
// first, importance descending, Python's lower-cased label, id) — Cypher's toLower and
// string order are not Python's — and resolves group labels from the cached SkillGroup
// labels (skillgroup_labels).
// params: $ids
// returns: occupation_id, requirements
MATCH (o:Occupation)
WHERE o.id IN $ids
RETURN o.id AS occupation_id, COLLECT {
  MATCH (o)-[r:REQUIRES]->(c:Concept)
  RETURN c {.id, .label, .kind, .skill_type, .reuse_level, .description, .group_id,
            relation: r.relation, importance: r.importance, level: r.level}
} AS requirements
