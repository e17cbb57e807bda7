// name: score_rows
// The ScoreRow of each occupation in $ids (none for an occupation outside a space).
// params: $ids
// returns: id, source, position, score, coverage_out, coverage_in, part_names, parts
MATCH (s:ScoreRow)
WHERE s.id IN $ids
RETURN s.id AS id, s.source AS source, s.position AS position, s.score AS score,
       s.coverage_out AS coverage_out, s.coverage_in AS coverage_in, s.part_names AS part_names, s.parts AS parts
