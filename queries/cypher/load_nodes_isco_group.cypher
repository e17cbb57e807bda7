// name: load_nodes_isco_group
// One batch of IscoGroup nodes: every property replaced, so a rerun leaves no stale ones.
// row: {id, props}; props holds id, kind, load_order and the record's non-null properties.
// params: $rows
// returns: count
UNWIND $rows AS row
MERGE (n:IscoGroup {id: row.id})
SET n = row.props
RETURN count(n) AS count
