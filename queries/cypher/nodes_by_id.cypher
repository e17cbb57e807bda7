// name: nodes_by_id
// Properties of every node whose id is in $ids, whatever its kind (ids are unique across
// kinds; the planner turns the label disjunction into one id-index seek per label),
// collected into one record (one Bolt message instead of one per node).
// params: $ids
// returns: nodes
MATCH (n:Occupation|Concept|SkillGroup|Technology|IscoGroup)
WHERE n.id IN $ids
RETURN collect(properties(n)) AS nodes
