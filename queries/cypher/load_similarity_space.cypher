// name: load_similarity_space
// One taxonomy's similarity space: its occupation ids in the order of every ScoreRow
// array, and its realistic moves as CSR arrays over those positions (indptr int64,
// indices int32, score and coverage float32, little-endian byte[]).
// props: source, ids, size, moves, indptr, indices, score, coverage.
// params: $rows
// returns: count
UNWIND $rows AS row
MERGE (s:SimilaritySpace {source: row.source})
SET s = row.props
RETURN count(s) AS count
