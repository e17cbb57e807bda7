// name: nodes_by_id
// Properties of every node whose id is in $ids, whatever its kind (ids are unique
// across kinds; one indexed lookup per label).
// params: $ids
// returns: props
UNWIND $ids AS id MATCH (n:Occupation {id: id}) RETURN properties(n) AS props
UNION ALL
UNWIND $ids AS id MATCH (n:Skill {id: id}) RETURN properties(n) AS props
UNION ALL
UNWIND $ids AS id MATCH (n:Knowledge {id: id}) RETURN properties(n) AS props
UNION ALL
UNWIND $ids AS id MATCH (n:SkillGroup {id: id}) RETURN properties(n) AS props
UNION ALL
UNWIND $ids AS id MATCH (n:Technology {id: id}) RETURN properties(n) AS props
UNION ALL
UNWIND $ids AS id MATCH (n:IscoGroup {id: id}) RETURN properties(n) AS props
