// name: create_similar_to_occupation_occupation
// One batch of SIMILAR_TO relationships Occupation -> Occupation for a fresh load:
// after the wipe no skillgraph relationship exists, so CREATE, without MERGE's existence
// check (twice as fast); a resumed load uses load_similar_to_occupation_occupation, which MERGEs.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Occupation {id: row.source})
MATCH (b:Occupation {id: row.target})
CREATE (a)-[r:SIMILAR_TO]->(b)
SET r = row.props
RETURN count(r) AS count
