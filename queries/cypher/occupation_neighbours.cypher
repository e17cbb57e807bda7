// name: occupation_neighbours
// Broader (broader = true) and narrower occupations of an occupation (BROADER points
// from the narrower to the broader one).
// params: $occupation_id
// returns: id, label, code, broader
MATCH (o:Occupation {id: $occupation_id})-[r:BROADER]-(x:Occupation)
RETURN x.id AS id, x.label AS label, x.code AS code, startNode(r) = o AS broader
ORDER BY broader DESC, toLower(label), id
