// name: schema_similarity_space_source
// Uniqueness of SimilaritySpace.source: one space per taxonomy.
// params: -
// returns: -
CREATE CONSTRAINT skillgraph_similarity_space_source IF NOT EXISTS FOR (n:SimilaritySpace) REQUIRE n.source IS UNIQUE
