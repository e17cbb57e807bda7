// name: isco_chain
// The ISCO groups of an occupation's ISCO code: the unit group (4 digits) up to the
// major group (1 digit); digits is the length of the code prefix.
// The prefix is bound with WITH before the MATCH: ArcadeDB finds nothing when a
// function call sits inside the pattern's property map or its WHERE.
// params: $occupation_id
// returns: digits, id, label, code
MATCH (o:Occupation {id: $occupation_id})
WHERE size(o.isco_code) > 0
UNWIND [4, 3, 2, 1] AS digits
WITH digits, substring(o.isco_code, 0, digits) AS prefix
MATCH (g:IscoGroup {code: prefix})
RETURN digits, g.id AS id, g.label AS label, g.code AS code
ORDER BY digits DESC, id
