// name: load_nodes_skill
// One batch of Skill nodes, labelled Skill:Concept (skills and knowledge share Concept and its id
// constraint): every property replaced, so a rerun leaves no stale ones.
// row: {id, props}; props holds id, kind, load_order and the record's non-null properties.
// params: $rows
// returns: count
UNWIND $rows AS row
MERGE (n:Skill:Concept {id: row.id})
SET n = row.props
RETURN count(n) AS count
