// name: wipe_batch
// Deletes up to $batch skillgraph nodes (and their relationships); the loader repeats it
// until it returns 0. Nodes with other labels are never touched.
// params: $batch
// returns: deleted
MATCH (n:Occupation|Concept|SkillGroup|Technology|IscoGroup|SkillgraphLoad|ScoreRow|SimilaritySpace)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
