// name: occupation_ids
// Ids of every occupation, or of one taxonomy's ($source null: all).
// params: $source
// returns: id
MATCH (o:Occupation)
WHERE $source IS NULL OR o.source = $source
RETURN o.id AS id
ORDER BY id
