// name: transitions
// The realistic moves of one taxonomy as CSR arrays over SimilaritySpace.ids (no row when
// the space was not computed); size is the number of occupations.
// params: $source
// returns: size, indptr, indices, score, coverage
MATCH (s:SimilaritySpace {source: $source})
RETURN s.size AS size, s.indptr AS indptr, s.indices AS indices, s.score AS score, s.coverage AS coverage
