// name: schema_occupation_source
// Occupations by taxonomy (occupation_ids).
// params: -
// returns: -
CREATE INDEX skillgraph_occupation_source IF NOT EXISTS FOR (n:Occupation) ON (n.source)
