// name: technologies
// Technologies and tools of an occupation: an O*NET occupation's own, an ESCO one's
// through its SAME_AS matches, merged per technology (hot / in demand if any match says
// so; via = the lowest O*NET code that lists it), in one record (a few hundred rows as one
// Bolt message). No order: the caller sorts with the embedded store's key.
// params: $occupation_id, $onet
// returns: technologies
MATCH (o:Occupation {id: $occupation_id})
OPTIONAL MATCH (o)-[:SAME_AS]->(m)
WITH o, CASE WHEN o.source = $onet THEN [o] ELSE collect(m) END AS codes
UNWIND codes AS code
MATCH (code)-[u:USES]->(t:Technology)
WITH t, count(CASE WHEN u.hot THEN 1 END) > 0 AS hot, count(CASE WHEN u.in_demand THEN 1 END) > 0 AS in_demand,
     min(code.id) AS via
RETURN collect(t {.id, .label, .category, .commodity_title, hot: hot, in_demand: in_demand, via: via}) AS technologies
