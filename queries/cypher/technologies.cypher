// name: technologies
// Technologies and tools of an occupation: an O*NET occupation's own, an ESCO one's
// through its SAME_AS matches, merged per technology (hot / in demand if any match says
// so; via = the lowest O*NET code that lists it).
// params: $occupation_id, $onet
// returns: id, label, category, commodity_title, hot, in_demand, via
MATCH (o:Occupation {id: $occupation_id})
OPTIONAL MATCH (o)-[:SAME_AS]->(m)
WITH o, CASE WHEN o.source = $onet THEN [o] ELSE collect(m) END AS codes
UNWIND codes AS code
MATCH (code)-[u:USES]->(t:Technology)
RETURN t.id AS id, t.label AS label, t.category AS category, t.commodity_title AS commodity_title,
       count(CASE WHEN u.hot THEN 1 END) > 0 AS hot,
       count(CASE WHEN u.in_demand THEN 1 END) > 0 AS in_demand,
       min(code.id) AS via
ORDER BY hot DESC, in_demand DESC, toLower(label), id
