// name: load_broader_concept_concept
// One batch of BROADER relationships Concept -> Concept (Concept: Skill or Knowledge); MERGE keeps reruns free of duplicates.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Concept {id: row.source})
MATCH (b:Concept {id: row.target})
MERGE (a)-[r:BROADER]->(b)
SET r = row.props
RETURN count(r) AS count
