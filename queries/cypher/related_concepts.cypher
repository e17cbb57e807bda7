// name: related_concepts
// For each concept in $ids, the related concepts of its own taxonomy and the coverage
// credit of the strongest relation: $related_credit for one BROADER step (either
// direction), $group_related_credit for two skills of the same skill group (group_id).
// Only taxonomies in $sources relate their concepts (the engine relates ESCO concepts; the
// load marker records which). The caller sorts each list. ESCO's skill-skill relations,
// once the graph has them (RELATED), join BROADER in the first branch: naming a type the
// database does not have makes Neo4j warn on every call.
// params: $ids, $sources, $related_credit, $group_related_credit
// returns: id, related
MATCH (c:Concept)
WHERE c.id IN $ids AND c.source IN $sources
CALL (c) {
  MATCH (c)-[:BROADER]-(r:Concept)
  RETURN r, $related_credit AS credit
  UNION ALL
  MATCH (r:Skill {group_id: c.group_id})
  WHERE c:Skill AND size(c.group_id) > 0
  RETURN r, $group_related_credit AS credit
}
WITH c, r, max(credit) AS credit
WHERE r <> c AND r.source = c.source
RETURN c.id AS id, collect({id: r.id, credit: credit}) AS related
