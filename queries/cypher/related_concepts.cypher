// name: related_concepts
// Near matches of each concept in $ids: Skill concepts of the same skill group, and
// Skill/Knowledge concepts one BROADER step away in either direction, always of the
// concept's own taxonomy. Only taxonomies listed in $sources have the relation (the
// similarity engine defines it for ESCO; the load marker records where it exists).
// params: $ids, $sources
// returns: id, related
UNWIND $ids AS concept_id
CALL (concept_id) {
  MATCH (c:Skill {id: concept_id}) RETURN c
  UNION ALL
  MATCH (c:Knowledge {id: concept_id}) RETURN c
}
WITH c
WHERE c.source IN $sources
CALL (c) {
  MATCH (c)-[:BROADER]-(b)
  WHERE (b:Skill OR b:Knowledge) AND b.source = c.source AND b <> c
  RETURN b.id AS related_id
  UNION
  MATCH (s:Skill {group_id: c.group_id})
  WHERE c:Skill AND size(c.group_id) > 0 AND s.source = c.source AND s <> c
  RETURN s.id AS related_id
}
RETURN c.id AS id, collect(DISTINCT related_id) AS related
ORDER BY id
