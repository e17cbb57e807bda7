// name: essential_matches
// Occupations of $source having any of $concept_ids or $near_ids among their essential
// requirements: matched counts the former, near the latter ($near_ids must not repeat
// $concept_ids; both lists without repeats). Only concepts of $source count, and only
// when $source has a similarity space ($spaces).
// params: $source, $concept_ids, $near_ids, $essential, $spaces
// returns: id, matched, near, essential_count
UNWIND $concept_ids + $near_ids AS concept_id
CALL (concept_id) {
  MATCH (c:Skill {id: concept_id}) RETURN c
  UNION ALL
  MATCH (c:Knowledge {id: concept_id}) RETURN c
}
WITH concept_id, c
WHERE $source IN $spaces AND c.source = $source
MATCH (o:Occupation)-[r:REQUIRES]->(c)
WHERE o.source = $source AND r.relation = $essential
WITH o, sum(CASE WHEN concept_id IN $near_ids THEN 0 ELSE 1 END) AS matched,
     sum(CASE WHEN concept_id IN $near_ids THEN 1 ELSE 0 END) AS near
RETURN o.id AS id, matched, near, o.essential_count AS essential_count
ORDER BY id
