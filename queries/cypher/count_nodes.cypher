// name: count_nodes
// Live node counts per kind (the loader checks them against the embedded store's).
// params: -
// returns: kind, count
MATCH (n:Occupation) RETURN n.kind AS kind, count(*) AS count
UNION ALL
MATCH (n:Skill) RETURN n.kind AS kind, count(*) AS count
UNION ALL
MATCH (n:Knowledge) RETURN n.kind AS kind, count(*) AS count
UNION ALL
MATCH (n:SkillGroup) RETURN n.kind AS kind, count(*) AS count
UNION ALL
MATCH (n:Technology) RETURN n.kind AS kind, count(*) AS count
UNION ALL
MATCH (n:IscoGroup) RETURN n.kind AS kind, count(*) AS count
