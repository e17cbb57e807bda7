// name: schema_occupation_source
// Occupations by taxonomy (occupation_ids, similarity_edges, essential_matches).
// params: -
// returns: -
CREATE INDEX skillgraph_occupation_source IF NOT EXISTS FOR (n:Occupation) ON (n.source)
