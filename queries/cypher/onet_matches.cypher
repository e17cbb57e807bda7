// name: onet_matches
// SAME_AS neighbours: an ESCO occupation's O*NET matches, or the ESCO occupations mapped
// to an O*NET one (SAME_AS always points from ESCO to O*NET, so the direction-free
// pattern gives both).
// params: $occupation_id
// returns: id, label, source, confidence, inherited, inherited_from
MATCH (:Occupation {id: $occupation_id})-[r:SAME_AS]-(other:Occupation)
RETURN other.id AS id, other.label AS label, other.source AS source, r.confidence AS confidence,
       r.inherited AS inherited, r.inherited_from AS inherited_from
