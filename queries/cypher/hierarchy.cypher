// name: hierarchy
// An occupation's place in the occupation hierarchy, in one round trip: its broader and
// narrower occupations (BROADER points from the narrower to the broader one) and the ISCO
// groups of its ISCO code, the unit group (4 digits) up to the major group (1 digit),
// found by code prefix in the IscoGroup code index. No row for an unknown id; the caller
// orders each list as the embedded store does.
// params: $occupation_id
// returns: broader, narrower, isco
MATCH (o:Occupation {id: $occupation_id})
RETURN COLLECT {
  MATCH (o)-[:BROADER]->(x:Occupation)
  RETURN x {.id, .label, .code}
} AS broader, COLLECT {
  MATCH (o)<-[:BROADER]-(x:Occupation)
  RETURN x {.id, .label, .code}
} AS narrower, COLLECT {
  MATCH (g:IscoGroup)
  WHERE g.code IN [digits IN [4, 3, 2, 1] WHERE digits <= size(o.isco_code) | left(o.isco_code, digits)]
  RETURN g {.id, .label, .code}
} AS isco
