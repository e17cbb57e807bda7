// name: create_uses_occupation_technology
// One batch of USES relationships Occupation -> Technology for a fresh load:
// after the wipe no skillgraph relationship exists, so CREATE, without MERGE's existence
// check (twice as fast); a resumed load uses load_uses_occupation_technology, which MERGEs.
// row: {source, target, props}; props holds the relationship's non-null properties.
// count is the number of rows whose two ends exist (the loader checks it).
// params: $rows
// returns: count
UNWIND $rows AS row
MATCH (a:Occupation {id: row.source})
MATCH (b:Technology {id: row.target})
CREATE (a)-[r:USES]->(b)
SET r = row.props
RETURN count(r) AS count
