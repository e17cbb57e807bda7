// name: space_ids
// The occupation ids of one taxonomy's similarity space, in the order of its arrays (no
// row when the space was not computed).
// params: $source
// returns: ids
MATCH (s:SimilaritySpace {source: $source})
RETURN s.ids AS ids
