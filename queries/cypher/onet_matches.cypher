// name: onet_matches
// SAME_AS neighbours: an ESCO occupation's O*NET matches, or the ESCO occupations mapped
// to an O*NET one.
// params: $occupation_id, $onet
// returns: id, label, source, confidence, inherited, inherited_from
MATCH (o:Occupation {id: $occupation_id})-[r:SAME_AS]->(other)
WHERE o.source <> $onet
RETURN other.id AS id, other.label AS label, other.source AS source, r.confidence AS confidence,
       r.inherited AS inherited, r.inherited_from AS inherited_from
UNION ALL
MATCH (o:Occupation {id: $occupation_id})<-[r:SAME_AS]-(other)
WHERE o.source = $onet
RETURN other.id AS id, other.label AS label, other.source AS source, r.confidence AS confidence,
       r.inherited AS inherited, r.inherited_from AS inherited_from
