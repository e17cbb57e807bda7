// name: similarity_edges
// Every SIMILAR_TO edge between occupations of one taxonomy scoring at least $min_score.
// params: $source, $min_score
// returns: origin, target, score, coverage
MATCH (a:Occupation {source: $source})-[r:SIMILAR_TO]->(b:Occupation)
WHERE r.score >= $min_score
RETURN a.id AS origin, b.id AS target, r.score AS score, r.coverage AS coverage
ORDER BY origin, target
