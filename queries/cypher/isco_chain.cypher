// name: isco_chain
// The ISCO groups of an occupation's ISCO code: the unit group (4 digits) up to the
// major group (1 digit), looked up by code prefix in the IscoGroup code index; digits
// is the length of the group's code.
// params: $occupation_id
// returns: digits, id, label, code
MATCH (o:Occupation {id: $occupation_id})
WHERE size(o.isco_code) > 0
MATCH (g:IscoGroup)
WHERE g.code IN [digits IN [4, 3, 2, 1] WHERE digits <= size(o.isco_code) | left(o.isco_code, digits)]
RETURN size(g.code) AS digits, g.id AS id, g.label AS label, g.code AS code
ORDER BY digits DESC, id
