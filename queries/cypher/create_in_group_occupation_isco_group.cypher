// name: create_in_group_occupation_isco_group
// One batch of IN_GROUP relationships Occupation -> IscoGroup for a fresh load:
// after the wipe no skillgraph relationship exists, so CREATE, without MERGE's existence
// check (twice as fast); a resumed load uses load_in_group_occupation_isco_group, which MERGEs.
// row: {source, edges: [{target, props}]}: the relationships of one start node (fewer index
// seeks and locks than a row per relationship); props holds a relationship's non-null properties.
// count is the number of relationships whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Occupation {id: row.source})
UNWIND row.edges AS edge
MATCH (b:IscoGroup {id: edge.target})
CREATE (a)-[r:IN_GROUP]->(b)
SET r = edge.props
RETURN count(r) AS count
