// name: similarity_edges
// Every SIMILAR_TO edge between occupations of one taxonomy scoring at least $min_score
// (up to ~90,000 rows). No ORDER BY: the caller sorts the tuples in Python, which is
// cheaper than the server sorting them first (SIMILAR_TO only joins occupations).
// params: $source, $min_score
// returns: origin, target, score, coverage
MATCH (a:Occupation {source: $source})-[r:SIMILAR_TO]->(b)
WHERE r.score >= $min_score
RETURN a.id AS origin, b.id AS target, r.score AS score, r.coverage AS coverage
