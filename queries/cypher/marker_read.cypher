// name: marker_read
// The load marker's properties (no row when nothing was ever loaded).
// params: $marker_id
// returns: props
MATCH (m:SkillgraphLoad {id: $marker_id})
RETURN properties(m) AS props
