// name: create_same_as_occupation_occupation
// One batch of SAME_AS relationships Occupation -> Occupation for a fresh load:
// after the wipe no skillgraph relationship exists, so CREATE, without MERGE's existence
// check (twice as fast); a resumed load uses load_same_as_occupation_occupation, which MERGEs.
// row: {source, edges: [{target, props}]}: the relationships of one start node (fewer index
// seeks and locks than a row per relationship); props holds a relationship's non-null properties.
// count is the number of relationships whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Occupation {id: row.source})
UNWIND row.edges AS edge
MATCH (b:Occupation {id: edge.target})
CREATE (a)-[r:SAME_AS]->(b)
SET r = edge.props
RETURN count(r) AS count
