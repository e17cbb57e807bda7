// name: load_score_rows
// One batch of ScoreRow nodes: every score and coverage of one occupation against every
// occupation of its taxonomy, as little-endian arrays aligned with SimilaritySpace.ids
// (score, coverage_out, coverage_in: float32 byte[]; parts: the float16 components named
// by part_names, one after the other).
// row: {id, props}; props holds id, source, position, score, coverage_out, coverage_in,
// part_names, parts.
// params: $rows
// returns: count
UNWIND $rows AS row
MERGE (s:ScoreRow {id: row.id})
SET s = row.props
RETURN count(s) AS count
