// name: related_concepts
// The relations that give coverage credit (see skillgraph.queries.credit), for each concept
// in $ids of a taxonomy in $sources (the engine relates ESCO concepts; the load marker
// records which): related, the concepts of its taxonomy one BROADER step away or linked
// by an ESCO skill-skill relation (RELATED), either direction (the stronger credit); and
// group_id, the skill group whose other skills are related to a skill (the weaker credit;
// members: skill_group_members, read once per store rather than once per skill). A
// concept outside $sources gives no row.
// params: $ids, $sources
// returns: id, source, related, group_id
MATCH (c:Concept)
WHERE c.id IN $ids AND c.source IN $sources
WITH c, COLLECT {
  MATCH (c)-[:BROADER|RELATED]-(r:Concept)
  WHERE r.source = c.source AND r <> c
  RETURN DISTINCT r.id
} AS related
RETURN c.id AS id, c.source AS source, related,
       CASE WHEN c:Skill AND size(c.group_id) > 0 THEN c.group_id END AS group_id
