// name: occupations_by_id
// Properties of every occupation whose id is in $ids, in one record: the store's way for
// ids it knows to be occupations (one id-index seek each, not one per label).
// params: $ids
// returns: nodes
MATCH (n:Occupation)
WHERE n.id IN $ids
RETURN collect(properties(n)) AS nodes
