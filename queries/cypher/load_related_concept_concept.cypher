// name: load_related_concept_concept
// One batch of RELATED relationships Concept -> Concept (ESCO skill-skill relations; Concept: Skill or
// Knowledge); MERGE keeps reruns free of duplicates.
// row: {source, edges: [{target, props}]}: the relationships of one start node (fewer index
// seeks and locks than a row per relationship); props holds a relationship's non-null properties.
// count is the number of relationships whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Concept {id: row.source})
UNWIND row.edges AS edge
MATCH (b:Concept {id: edge.target})
MERGE (a)-[r:RELATED]->(b)
SET r = edge.props
RETURN count(r) AS count
