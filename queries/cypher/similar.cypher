// name: similar
// Materialised similar roles of an occupation by rank (ranks run 1..k, so the limit is
// a rank filter; $limit null: all).
// params: $occupation_id, $limit
// returns: target_id, props
MATCH (o:Occupation {id: $occupation_id})-[r:SIMILAR_TO]->(t:Occupation)
WHERE $limit IS NULL OR r.rank <= $limit
RETURN t.id AS target_id, properties(r) AS props
ORDER BY r.rank, target_id
