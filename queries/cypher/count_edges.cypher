// name: count_edges
// Live relationship counts per type. One branch per type, so that Neo4j answers each
// from its count store instead of reading every relationship. (RELATED is there only when
// ESCO's skill-skill relations were loaded; the driver does not report unknown types.)
// params: -
// returns: type, count
MATCH ()-[r:REQUIRES]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:USES]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_GROUP]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:BROADER]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SAME_AS]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:RELATED]->() RETURN type(r) AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SIMILAR_TO]->() RETURN type(r) AS type, count(r) AS count
