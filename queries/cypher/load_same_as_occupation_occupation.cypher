// name: load_same_as_occupation_occupation
// One batch of SAME_AS relationships Occupation -> Occupation; MERGE keeps reruns free of duplicates.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Occupation {id: row.source})
MATCH (b:Occupation {id: row.target})
MERGE (a)-[r:SAME_AS]->(b)
SET r = row.props
RETURN count(r) AS count
