// name: load_nodes_occupation
// One batch of Occupation nodes: every property replaced, so a rerun leaves no stale ones.
// row: {id, props}; props holds id, kind, load_order and the record's non-null properties.
// params: $rows
// returns: count
UNWIND $rows AS row
MERGE (n:Occupation {id: row.id})
SET n = row.props
RETURN count(n) AS count
