// name: load_related_knowledge_knowledge
// One batch of RELATED relationships Knowledge -> Knowledge (ESCO skill–skill relations); MERGE keeps reruns free of duplicates.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Knowledge {id: row.source})
MATCH (b:Knowledge {id: row.target})
MERGE (a)-[r:RELATED]->(b)
SET r = row.props
RETURN count(r) AS count
